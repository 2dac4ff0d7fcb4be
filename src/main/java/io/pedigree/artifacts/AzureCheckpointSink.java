package io.pedigree.artifacts;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.pedigree.audit.Checkpoint;
import io.pedigree.audit.CheckpointSink;
import io.pedigree.config.ArtifactConfig;

/**
 * Pushes each audit checkpoint as a blob of its own, {@code audit-checkpoints/<seq>-<time>.json}, to the artifact
 * store's Azure container, created only if absent (never overwritten). With a version-level immutability (WORM)
 * policy on the container, set in Azure by the account's owner, not even Pedigree's own credential can change or
 * delete them.
 */
public final class AzureCheckpointSink implements CheckpointSink {

    static final String PREFIX = "audit-checkpoints/";

    private final BlobContainerClient container;

    private AzureCheckpointSink(BlobContainerClient container) {
        this.container = container;
        container.createIfNotExists();
    }

    /** A sink in the container the artifact configuration names, signed in the same way as the store. */
    public static AzureCheckpointSink of(ArtifactConfig config) {
        var builder = AzureBlobStore.builder().containerName(config.azureContainer());
        return new AzureCheckpointSink(config.azureConnectionString().isBlank()
                ? builder.endpoint(config.azureAccountUrl())
                        .credential(new com.azure.identity.DefaultAzureCredentialBuilder().build()).buildClient()
                : builder.connectionString(config.azureConnectionString()).buildClient());
    }

    /** The blob name of a checkpoint: sorted by event number, then time, as a listing shows them. */
    public static String blobName(Checkpoint c) {
        return PREFIX + String.format("%019d", c.seq()) + "-" + c.at().toString().replace(':', '-') + ".json";
    }

    @Override
    public void append(Checkpoint checkpoint, String line) {
        container.getBlobClient(blobName(checkpoint)).uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromString(line + "\n"))
                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                null, com.azure.core.util.Context.NONE);
    }

    @Override
    public String describe() {
        return "Azure container " + container.getBlobContainerName() + "/" + PREFIX;
    }

    /** The checkpoints pushed so far, each as its JSON line, oldest event first; what an auditor downloads. */
    public java.util.List<String> lines() {
        return container.listBlobsByHierarchy(PREFIX).stream()
                .map(b -> container.getBlobClient(b.getName()).downloadContent().toString().strip())
                .toList();
    }
}
