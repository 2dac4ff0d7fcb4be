package io.pedigree.config;

import io.pedigree.error.PedigreeException.StartupFailure;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where artifact bytes are kept: a directory, or an Azure Storage container reached through a connection string
 * or an account URL with the ambient Azure identity.
 */
public record ArtifactConfig(
        Backend backend,
        Path directory,
        String azureConnectionString,
        String azureAccountUrl,
        String azureContainer,
        long maxBytes) {

    /** The kinds of blob store. */
    public enum Backend {
        FILESYSTEM, AZURE;

        static Backend parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "filesystem" -> FILESYSTEM;
                case "azure" -> AZURE;
                default -> throw new StartupFailure(
                        Setting.ARTIFACT_STORE.env() + " must be 'filesystem' or 'azure', not '" + value + "'", null);
            };
        }
    }

    public ArtifactConfig {
        if (backend == Backend.AZURE && azureConnectionString.isBlank() && azureAccountUrl.isBlank()) {
            throw new StartupFailure(Setting.ARTIFACT_STORE.env() + "=azure needs "
                    + Setting.AZURE_CONNECTION_STRING.env() + " or " + Setting.AZURE_ACCOUNT_URL.env(), null);
        }
        if (!azureContainer.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new StartupFailure(Setting.AZURE_CONTAINER.env() + " must be 3 to 63 lowercase letters, digits "
                    + "and single hyphens, starting and ending with a letter or digit, not '" + azureContainer + "'",
                    null);
        }
    }

    public ArtifactConfig withDirectory(Path value) {
        return new ArtifactConfig(backend, value, azureConnectionString, azureAccountUrl, azureContainer, maxBytes);
    }

    public ArtifactConfig withAzureConnectionString(String value) {
        return new ArtifactConfig(Backend.AZURE, directory, value, azureAccountUrl, azureContainer, maxBytes);
    }

    public ArtifactConfig withAzureContainer(String value) {
        return new ArtifactConfig(backend, directory, azureConnectionString, azureAccountUrl, value, maxBytes);
    }

    // The connection string holds the account key; keep it out of logs and exception messages.
    @Override
    public String toString() {
        return "ArtifactConfig[backend=" + backend + ", directory=" + directory + ", azureConnectionString="
                + (azureConnectionString.isEmpty() ? "" : "(set)") + ", azureAccountUrl=" + azureAccountUrl
                + ", azureContainer=" + azureContainer + ", maxBytes=" + maxBytes + "]";
    }
}
