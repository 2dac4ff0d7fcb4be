package io.pedigree.artifacts;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.pedigree.config.ArtifactConfig;
import io.pedigree.config.Config;
import io.pedigree.testing.Azurite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The blob store contract on Azure Blob Storage, emulated by Azurite, in a fresh container per test; blocks of
 * 1 MiB, three in flight, so that small uploads cross block boundaries and reuse every buffer.
 */
class AzureBlobStoreIT extends BlobStoreContract {

    private BlobContainerClient container;

    @BeforeAll
    static void azurite() {
        Azurite.connectionString();
    }

    @Override
    protected BlobStore newStore() {
        container = AzureBlobStore.builder().connectionString(Azurite.connectionString())
                .containerName("test-" + UUID.randomUUID()).buildClient();
        return new AzureBlobStore(container, 1 << 20, 3);
    }

    @AfterEach
    void dropContainer() {
        container.deleteIfExists();
    }

    @Override
    protected void corrupt(Sha256 sha256) {
        BlobClient blob = container.getBlobClient(AzureBlobStore.BLOBS + sha256.hex());
        byte[] bytes = blob.downloadContent().toBytes();
        bytes[bytes.length / 2] ^= 0x01;
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
                .setMetadata(blob.getProperties().getMetadata()), null, null);
    }

    @Override
    protected List<String> leftovers() {
        ListBlobsOptions incoming = new ListBlobsOptions().setPrefix(AzureBlobStore.INCOMING)
                .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true));
        return container.listBlobs(incoming, null).stream().map(BlobItem::getName).toList();
    }

    @Test
    void aStoredBlobIsNamedAfterItsDigestAndCarriesItAsMetadata() {
        byte[] content = bytes(1000, 1);
        Sha256 sha = store.put(new ByteArrayInputStream(content), Optional.empty(), 1000).sha256();

        BlobClient blob = container.getBlobClient("sha256/" + sha.hex());
        assertThat(blob.getProperties().getMetadata()).containsEntry("sha256", sha.hex());
        assertThat(blob.downloadContent().toBytes()).isEqualTo(content);
    }

    @Test
    void aBlobWhoseRecordedDigestWasChangedIsCorruptAndIsNotServed() {
        Sha256 sha = store.put(new ByteArrayInputStream(bytes(1000, 2)), Optional.empty(), 1000).sha256();
        container.getBlobClient("sha256/" + sha.hex()).setMetadata(Map.of("sha256", Sha256.EMPTY.hex()));

        assertThat(store.verify(sha)).isEqualTo(Verification.CORRUPT);
        assertThatThrownBy(() -> store.open(sha, Optional.empty())).hasMessageContaining("corrupt");
    }

    @Test
    void theConfiguredStoreCreatesItsContainerWhenMissing() {
        String name = "configured-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactConfig config = Config.fromMap(Map.of()).artifacts()
                .withAzureConnectionString(Azurite.connectionString()).withAzureContainer(name);

        try (BlobStore configured = BlobStores.create(config)) {
            assertThat(configured).isInstanceOf(AzureBlobStore.class);
            Sha256 sha = configured.put(new ByteArrayInputStream(bytes(10, 3)), Optional.empty(), 10).sha256();
            assertThat(configured.stat(sha)).isPresent();
        } finally {
            AzureBlobStore.builder().connectionString(Azurite.connectionString()).containerName(name).buildClient()
                    .deleteIfExists();
        }
    }
}
