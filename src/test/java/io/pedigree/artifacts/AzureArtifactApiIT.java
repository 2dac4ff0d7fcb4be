package io.pedigree.artifacts;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.pedigree.testing.Azurite;
import org.junit.jupiter.api.AfterAll;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The artifact API on the Azure blob store, against Azurite, in a container of this class's own. */
class AzureArtifactApiIT extends ArtifactApiContract {

    private final String containerName = "it-api-" + UUID.randomUUID().toString().substring(0, 8);
    private BlobContainerClient container;

    @Override
    protected Map<String, String> storeSettings() {
        String connection = Azurite.connectionString();
        container = AzureBlobStore.builder().connectionString(connection).containerName(containerName)
                .buildClient();
        return Map.of("PEDIGREE_ARTIFACT_STORE", "azure", "PEDIGREE_AZURE_CONNECTION_STRING", connection,
                "PEDIGREE_AZURE_CONTAINER", containerName);
    }

    @AfterAll
    void dropContainer() {
        if (container != null) {
            container.deleteIfExists();
        }
    }

    @Override
    protected void clearStore() {
        container.listBlobs().forEach(b -> container.getBlobClient(b.getName()).delete());
    }

    @Override
    protected List<String> storedBlobs() {
        return container.listBlobs(new ListBlobsOptions().setPrefix(AzureBlobStore.BLOBS), null).stream()
                .map(BlobItem::getName).map(n -> n.substring(AzureBlobStore.BLOBS.length())).toList();
    }

    @Override
    protected void corrupt(String sha) {
        BlobClient blob = blob(sha);
        byte[] bytes = blob.downloadContent().toBytes();
        bytes[bytes.length / 2] ^= 0x01;
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
                .setMetadata(blob.getProperties().getMetadata()), null, null);
    }

    @Override
    protected void remove(String sha) {
        blob(sha).delete();
    }

    private BlobClient blob(String sha) {
        return container.getBlobClient(AzureBlobStore.BLOBS + sha);
    }
}
