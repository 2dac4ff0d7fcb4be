package io.pedigree.config;

import io.pedigree.error.PedigreeException.StartupFailure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void everySettingIsDocumentedInTheReadmeWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting s : Setting.values()) {
            String expected = "| `" + s.env() + "` | " + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`");
            assertThat(readme).as("README row for " + s.env()).contains(expected);
        }
    }

    @Test
    void environmentWinsOverTheFileAndTheFileOverDefaults() throws IOException {
        Path file = Files.createTempFile("pedigree", ".properties");
        Files.writeString(file, "PEDIGREE_PORT=9000\nPEDIGREE_MAX_DEPTH=20\n");
        Config c = Config.fromMap(Map.of("PEDIGREE_CONFIG", file.toString(), "PEDIGREE_PORT", "9100"));
        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.maxDepth()).isEqualTo(20);
        assertThat(c.maxNodes()).isEqualTo(Integer.parseInt(Setting.MAX_NODES.defaultValue()));
        assertThat(c.embedded()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_AUTH_MODE", "none")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_AUTH_MODE");
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_ADMIN_TOKEN", "short")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_ADMIN_TOKEN");
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_PORT", "70000")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_PORT");
    }

    @Test
    void artifactsDefaultToADirectoryInsideTheDataDirectory() {
        ArtifactConfig a = Config.fromMap(Map.of("PEDIGREE_DATA_DIR", "/srv/pedigree")).artifacts();
        assertThat(a.backend()).isEqualTo(ArtifactConfig.Backend.FILESYSTEM);
        assertThat(a.directory()).isEqualTo(Path.of("/srv/pedigree/artifacts"));
        assertThat(Config.fromMap(Map.of("PEDIGREE_ARTIFACT_DIR", "/mnt/blobs")).artifacts().directory())
                .isEqualTo(Path.of("/mnt/blobs"));
    }

    @Test
    void theAzureStoreNeedsAConnectionStringOrAnAccountUrlAndAValidContainerName() {
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_ARTIFACT_STORE", "azure")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_AZURE_CONNECTION_STRING");
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_ARTIFACT_STORE", "s3")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_ARTIFACT_STORE");
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_AZURE_CONTAINER", "../Blobs")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_AZURE_CONTAINER");
        ArtifactConfig a = Config.fromMap(Map.of("PEDIGREE_ARTIFACT_STORE", "azure",
                "PEDIGREE_AZURE_ACCOUNT_URL", "https://acct.blob.core.windows.net")).artifacts();
        assertThat(a.backend()).isEqualTo(ArtifactConfig.Backend.AZURE);
        assertThat(a.azureContainer()).isEqualTo("pedigree-artifacts");
    }

    @Test
    void theAzureConnectionStringNeverShowsInTheConfigurationsText() {
        Config c = Config.fromMap(Map.of("PEDIGREE_ARTIFACT_STORE", "azure",
                "PEDIGREE_AZURE_CONNECTION_STRING", "AccountName=a;AccountKey=c2VjcmV0"));
        assertThat(c.toString()).doesNotContain("c2VjcmV0");
    }
}
