package io.pedigree.artifacts;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.pedigree.config.ArtifactConfig;

import java.util.List;

/**
 * Small text blobs under a prefix of the artifact store's Azure container, each created only if its name is free
 * and never overwritten: an external append-only place (audit checkpoints go here). With a version-level
 * immutability (WORM) policy on the container, set in Azure by the account's owner, not even Pedigree's own
 * credential can change or delete them.
 */
public final class WriteOnceBlobs {

    private final BlobContainerClient container;
    private final String prefix;

    private WriteOnceBlobs(BlobContainerClient container, String prefix) {
        this.container = container;
        this.prefix = prefix;
        container.createIfNotExists();
    }

    /** Blobs under {@code prefix} in the container the artifact settings name, signed in the same way. */
    public static WriteOnceBlobs of(ArtifactConfig config, String prefix) {
        var builder = AzureBlobStore.builder().containerName(config.azureContainer());
        return new WriteOnceBlobs(config.azureConnectionString().isBlank()
                ? builder.endpoint(config.azureAccountUrl())
                        .credential(new com.azure.identity.DefaultAzureCredentialBuilder().build()).buildClient()
                : builder.connectionString(config.azureConnectionString()).buildClient(), prefix);
    }

    /** Creates blob {@code prefix + name} holding {@code text}; fails (409) when the name is taken. */
    public void create(String name, String text) {
        container.getBlobClient(prefix + name).uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromString(text))
                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                null, com.azure.core.util.Context.NONE);
    }

    /** The text of every blob under the prefix, in name order. */
    public List<String> texts() {
        return container.listBlobsByHierarchy(prefix).stream()
                .map(b -> container.getBlobClient(b.getName()).downloadContent().toString())
                .toList();
    }

    public String describe() {
        return "Azure container " + container.getBlobContainerName() + "/" + prefix;
    }
}
