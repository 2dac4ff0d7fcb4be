package io.pedigree.artifacts;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.pedigree.error.PedigreeException.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Blobs in an Azure Storage container as {@code sha256/<hex>}, each carrying its digest as metadata. An upload is
 * staged as blocks of a temporary blob {@code incoming/<uuid>}; only once its digest is known (and matches) is it
 * committed and copied, inside the account, to its final name, which is created only if absent. The temporary
 * blob is always deleted; blocks never committed expire by themselves.
 */
public final class AzureBlobStore implements BlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobStore.class);
    static final String BLOBS = "sha256/";
    static final String INCOMING = "incoming/";
    static final String DIGEST_METADATA = "sha256";
    private static final int BLOCK_SIZE = 8 << 20;
    private static final int PARALLEL_BLOCKS = 4;
    private static final int READ_BLOCK_SIZE = 4 << 20;
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);

    private final BlobContainerClient container;
    private final ExecutorService stagers;
    private final int blockSize;
    private final int parallelBlocks;

    AzureBlobStore(BlobContainerClient container) {
        this(container, BLOCK_SIZE, PARALLEL_BLOCKS);
    }

    /** With other block sizes, so that tests cross block boundaries with little data. */
    AzureBlobStore(BlobContainerClient container, int blockSize, int parallelBlocks) {
        this.container = container;
        this.blockSize = blockSize;
        this.parallelBlocks = parallelBlocks;
        AtomicInteger count = new AtomicInteger();
        this.stagers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "azure-blob-stager-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        container.createIfNotExists();
    }

    /** A store in {@code containerName} of the account a connection string names (Azurite's too). */
    public static AzureBlobStore withConnectionString(String connectionString, String containerName) {
        return new AzureBlobStore(builder().connectionString(connectionString).containerName(containerName)
                .buildClient());
    }

    /** A store in {@code containerName} at {@code accountUrl}, signed in through {@code DefaultAzureCredential}. */
    public static AzureBlobStore withDefaultCredential(String accountUrl, String containerName) {
        return new AzureBlobStore(builder().endpoint(accountUrl).containerName(containerName)
                .credential(new DefaultAzureCredentialBuilder().build()).buildClient());
    }

    /** Deletes a whole container, for throw-away ones (benchmarks); the store must not be used afterwards. */
    public static void dropContainer(String connectionString, String containerName) {
        builder().connectionString(connectionString).containerName(containerName).buildClient().deleteIfExists();
    }

    static BlobContainerClientBuilder builder() {
        return new BlobContainerClientBuilder().httpClient(new JdkHttpClientBuilder().build());
    }

    @Override
    public StoredBlob put(InputStream content, Optional<Sha256> expected, long maxBytes) {
        BlockBlobClient temp = container.getBlobClient(INCOMING + UUID.randomUUID()).getBlockBlobClient();
        RuntimeException failure = null;
        try {
            Intake intake = new Intake(content, maxBytes);
            List<String> blocks = new AzureUpload(temp, stagers, blockSize, parallelBlocks).stageAll(intake);
            Sha256 sha = intake.finish(expected);
            BlobClient target = blob(sha);
            if (Boolean.TRUE.equals(target.exists())) {
                return new StoredBlob(sha, intake.size(), false);
            }
            temp.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blocks), null, null);
            return new StoredBlob(sha, intake.size(), copyIfAbsent(temp, target, sha));
        } catch (IOException e) {
            throw failure = new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw failure = e;
        } finally {
            discard(temp, failure);
        }
    }

    /**
     * Removes the temporary blob and any blocks staged for it: committing an empty block list drops the uncommitted
     * blocks at once rather than after the service's week of grace. A failure here never hides the upload's
     * outcome.
     */
    private static void discard(BlockBlobClient temp, RuntimeException failure) {
        try {
            temp.commitBlockList(List.of(), true);
            temp.deleteIfExists();
        } catch (RuntimeException e) {
            if (failure == null) {
                LOG.warn("Could not remove the temporary blob {}; the upload itself is stored", temp.getBlobName(), e);
            } else {
                failure.addSuppressed(e);
            }
        }
    }

    /** Copies the committed upload to its final name unless that exists; answers whether this call created it. */
    private static boolean copyIfAbsent(BlockBlobClient temp, BlobClient target, Sha256 sha) {
        SyncPoller<BlobCopyInfo, Void> copy;
        try {
            copy = target.beginCopy(new BlobBeginCopyOptions(temp.getBlobUrl())
                    .setMetadata(Map.of(DIGEST_METADATA, sha.hex()))
                    .setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
                    .setPollInterval(Duration.ofMillis(200)));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                return false; // a concurrent upload of the same bytes got there first
            }
            throw e;
        }
        PollResponse<BlobCopyInfo> done = copy.waitForCompletion(COPY_TIMEOUT);
        if (done.getValue() == null || done.getValue().getCopyStatus() != CopyStatusType.SUCCESS) {
            target.deleteIfExists();
            throw new UncheckedIOException(new IOException("Copying the upload to " + target.getBlobName()
                    + " did not succeed: " + (done.getValue() == null ? done.getStatus() : done.getValue()
                    .getCopyStatus())));
        }
        return true;
    }

    @Override
    public BlobContent open(Sha256 sha256, Optional<ByteRange> range) {
        BlobClient blob = blob(sha256);
        BlobProperties p = complete(sha256).orElseThrow(() -> notFound(sha256));
        checkDigestMetadata(sha256, p.getMetadata());
        long size = p.getBlobSize();
        ByteRange.Slice slice = range.map(r -> r.resolve(size)).orElse(new ByteRange.Slice(0, size));
        InputStream stream = slice.length() == 0 ? new ByteArrayInputStream(new byte[0])
                : blob.openInputStream(new BlobInputStreamOptions()
                .setRange(new BlobRange(slice.offset(), slice.length()))
                .setBlockSize(READ_BLOCK_SIZE)
                .setRequestConditions(new BlobRequestConditions().setIfMatch(p.getETag())));
        if (range.isEmpty()) {
            stream = Streams.verifying(stream, sha256, slice.length());
        }
        return new BlobContent(stream, slice.offset(), slice.length(), size);
    }

    @Override
    public Optional<BlobInfo> stat(Sha256 sha256) {
        return complete(sha256).map(p -> new BlobInfo(sha256, p.getBlobSize(), p.getCreationTime().toInstant()));
    }

    @Override
    public boolean delete(Sha256 sha256) {
        return blob(sha256).deleteIfExists();
    }

    @Override
    public Stream<Sha256> list() {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(BLOBS)
                .setDetails(new BlobListDetails().setRetrieveCopy(true));
        return container.listBlobs(options, null).stream()
                .filter(AzureBlobStore::copied)
                .map(item -> item.getName().substring(BLOBS.length()))
                .flatMap(hex -> {
                    try {
                        return Stream.of(new Sha256(hex));
                    } catch (IllegalArgumentException e) {
                        return Stream.empty(); // not a blob of this store
                    }
                });
    }

    @Override
    public Verification verify(Sha256 sha256) {
        Optional<BlobProperties> p = complete(sha256);
        if (p.isEmpty()) {
            return Verification.MISSING;
        }
        if (!sha256.hex().equals(p.get().getMetadata().get(DIGEST_METADATA))) {
            return Verification.CORRUPT;
        }
        try (InputStream in = blob(sha256).openInputStream(new BlobInputStreamOptions().setBlockSize(READ_BLOCK_SIZE)
                .setRequestConditions(new BlobRequestConditions().setIfMatch(p.get().getETag())))) {
            var digest = Sha256.newDigest();
            byte[] buffer = new byte[64 << 10];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return Sha256.of(digest.digest()).equals(sha256) ? Verification.OK : Verification.CORRUPT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stagers.shutdownNow();
    }

    /** The only way a digest becomes a blob name. */
    private BlobClient blob(Sha256 sha256) {
        return container.getBlobClient(BLOBS + sha256.hex());
    }

    // The blob's properties, unless it is absent or still being copied into place by a concurrent upload.
    private Optional<BlobProperties> complete(Sha256 sha256) {
        try {
            BlobProperties p = blob(sha256).getProperties();
            return p.getCopyStatus() == null || p.getCopyStatus() == CopyStatusType.SUCCESS
                    ? Optional.of(p) : Optional.empty();
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean copied(BlobItem item) {
        CopyStatusType status = item.getProperties().getCopyStatus();
        return status == null || status == CopyStatusType.SUCCESS;
    }

    private static void checkDigestMetadata(Sha256 sha256, Map<String, String> metadata) {
        String recorded = metadata.get(DIGEST_METADATA);
        if (!sha256.hex().equals(recorded)) {
            throw new UncheckedIOException(new IOException("Stored blob " + sha256
                    + " is corrupt: its recorded digest is " + recorded));
        }
    }

    private static NotFound notFound(Sha256 sha256) {
        return new NotFound(Intake.FIELD, "No artifact content has SHA-256 " + sha256);
    }
}
