package io.pedigree.artifacts;

import io.pedigree.config.ArtifactConfig;

/** Builds the blob store the configuration names. */
public final class BlobStores {

    private BlobStores() {
    }

    public static BlobStore create(ArtifactConfig config) {
        return switch (config.backend()) {
            case FILESYSTEM -> FileSystemBlobStore.open(config.directory());
            case AZURE -> config.azureConnectionString().isBlank()
                    ? AzureBlobStore.withDefaultCredential(config.azureAccountUrl(), config.azureContainer())
                    : AzureBlobStore.withConnectionString(config.azureConnectionString(), config.azureContainer());
        };
    }
}
