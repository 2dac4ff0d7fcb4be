package io.pedigree.artifacts;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Stages an upload as blocks of one temporary block blob, several in flight at once, each sent with its MD5 so the
 * service refuses a block damaged on the way. Memory is bounded by the buffers: {@code parallelism + 1} blocks,
 * reused, whatever the upload's size. Nothing is committed here.
 */
final class AzureUpload {

    private final BlockBlobClient temp;
    private final ExecutorService executor;
    private final int blockSize;
    private final int parallelism;
    private final BlockingQueue<byte[]> free;
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    private final List<String> blockIds = new ArrayList<>();
    private int buffers;

    AzureUpload(BlockBlobClient temp, ExecutorService executor, int blockSize, int parallelism) {
        this.temp = temp;
        this.executor = executor;
        this.blockSize = blockSize;
        this.parallelism = parallelism;
        this.free = new ArrayBlockingQueue<>(parallelism + 1);
    }

    /** Reads the whole upload into staged blocks; answers the block ids in order, ready for a commit. */
    List<String> stageAll(Intake intake) throws IOException {
        try {
            while (true) {
                byte[] buffer = nextBuffer();
                int n = intake.fill(buffer);
                if (n == 0) {
                    break;
                }
                String id = blockId(blockIds.size());
                blockIds.add(id);
                inFlight.add(executor.submit(() -> stage(id, buffer, n)));
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst());
            }
            return List.copyOf(blockIds);
        } finally {
            // After a failure, let the blocks already sent finish rather than cut them off: a block that landed
            // after the caller discarded the temporary blob would linger, uncommitted, under its name.
            inFlight.forEach(AzureUpload::awaitQuietly);
        }
    }

    private static void awaitQuietly(Future<?> staged) {
        try {
            staged.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the upload has already failed; this block's own failure adds nothing
        }
    }

    private void stage(String id, byte[] buffer, int length) {
        byte[] bytes = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        temp.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, BinaryData.fromBytes(bytes))
                .setContentMd5(md5(bytes)), null, null);
        free.add(buffer);
    }

    // A free buffer, a new one while fewer than parallelism + 1 exist, or else the one the oldest block frees.
    private byte[] nextBuffer() throws IOException {
        while (true) {
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            if (buffers <= parallelism) {
                buffers++;
                return new byte[blockSize];
            }
            await(inFlight.removeFirst());
        }
    }

    private static void await(Future<?> staged) throws IOException {
        try {
            staged.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while staging an upload");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("Staging a block failed", e.getCause());
        }
    }

    // Every id of a blob must have the same length; a zero-padded counter keeps them in order too.
    private static String blockId(int index) {
        return Base64.getEncoder().encodeToString(String.format("%08d", index).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
