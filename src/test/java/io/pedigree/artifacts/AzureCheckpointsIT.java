package io.pedigree.artifacts;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.Api;
import io.pedigree.testing.Azurite;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audit checkpoints pushed to the artifact store's Azure container, against Azurite. */
class AzureCheckpointsIT extends PedigreeIT {

    private static final String PREFIX = "audit-checkpoints/";
    private final String containerName = "it-checkpoints-" + UUID.randomUUID().toString().substring(0, 8);
    private BlobContainerClient container;
    private String connection;

    @Override
    protected Map<String, String> settings() {
        connection = Azurite.connectionString();
        container = AzureBlobStore.builder().connectionString(connection).containerName(containerName)
                .buildClient();
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_ARTIFACT_STORE", "azure");
        s.put("PEDIGREE_AZURE_CONNECTION_STRING", connection);
        s.put("PEDIGREE_AZURE_CONTAINER", containerName);
        s.put("PEDIGREE_AUDIT_CHECKPOINT_AZURE", "true");
        s.put("PEDIGREE_AUDIT_CHECKPOINT_SECONDS", "0");
        return s;
    }

    @AfterAll
    void dropContainer() {
        if (container != null) {
            container.deleteIfExists();
        }
    }

    @Test
    void eachCheckpointIsABlobOfItsOwnThatIsNeverOverwrittenAndVerifiesTheChain() throws Exception {
        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@1"));
        JsonNode first = admin.post("/api/v1/audit/checkpoints", Map.of()).json();
        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@2"));
        JsonNode second = admin.post("/api/v1/audit/checkpoints", Map.of()).json();

        List<BlobItem> blobs = container.listBlobs(new ListBlobsOptions().setPrefix(PREFIX), null).stream().toList();
        assertThat(blobs).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        List<String> texts = blobs.stream().map(b -> container.getBlobClient(b.getName()).downloadContent()
                .toString()).toList();
        assertThat(json.readTree(texts.get(0))).isEqualTo(first);
        assertThat(json.readTree(texts.get(1))).isEqualTo(second);
        WriteOnceBlobs same = WriteOnceBlobs.of(new io.pedigree.config.ArtifactConfig(
                io.pedigree.config.ArtifactConfig.Backend.AZURE, null, connection, "", containerName, 1), PREFIX);
        String name = blobs.get(0).getName().substring(PREFIX.length());
        assertThatThrownBy(() -> same.create(name, "{}")).isInstanceOf(BlobStorageException.class)
                .satisfies(e -> assertThat(((BlobStorageException) e).getStatusCode()).isEqualTo(409));
        assertThat(same.texts()).isEqualTo(texts);

        Api.Response v = admin.postRaw("/api/v1/audit/verify", "application/x-ndjson", String.join("", texts));
        assertThat(v.json().path("ok").asBoolean()).as(v.body()).isTrue();
        assertThat(v.json().path("checkpoints").asInt()).isEqualTo(4);
    }
}
