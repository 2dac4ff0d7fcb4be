package io.pedigree.config;

import io.pedigree.error.PedigreeException.StartupFailure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void embeddedMemoryDefaultsToA512MebibytePageCacheAndNeo4jsOwnTransactionLimit() {
        Config c = Config.fromMap(Map.of());
        assertThat(c.embeddedMemory()).isEqualTo(new EmbeddedMemory(512L << 20, 0));
        assertThat(c.tokenCache()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void memorySizesTakeBytesOrKMOrGSuffixesInEitherCase() {
        Config c = Config.fromMap(Map.of("PEDIGREE_EMBEDDED_PAGECACHE", "4G", "PEDIGREE_EMBEDDED_TX_MEMORY", "1536m"));
        assertThat(c.embeddedMemory()).isEqualTo(new EmbeddedMemory(4L << 30, 1536L << 20));
        assertThat(Config.fromMap(Map.of("PEDIGREE_EMBEDDED_PAGECACHE", "16777216", "PEDIGREE_EMBEDDED_TX_MEMORY",
                "64k")).embeddedMemory()).isEqualTo(new EmbeddedMemory(16L << 20, 64L << 10));
    }

    @Test
    void badMemorySizesAreRefusedNamingTheVariable() {
        for (String bad : new String[] {"lots", "4 g", "4gb", "-1", "1.5g", "", "99999999999999999g"}) {
            assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_EMBEDDED_PAGECACHE", bad)))
                    .as(bad).isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_EMBEDDED_PAGECACHE");
            assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_EMBEDDED_TX_MEMORY", bad)))
                    .as(bad).isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_EMBEDDED_TX_MEMORY");
        }
        assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_EMBEDDED_PAGECACHE", "1m")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_EMBEDDED_PAGECACHE")
                .hasMessageContaining("at least 8m");
    }

    @Test
    void tokenCacheIsWholeSecondsFromZeroToAnHour() {
        assertThat(Config.fromMap(Map.of("PEDIGREE_TOKEN_CACHE_SECONDS", "0")).tokenCache()).isZero();
        for (String bad : new String[] {"-1", "3601", "5s"}) {
            assertThatThrownBy(() -> Config.fromMap(Map.of("PEDIGREE_TOKEN_CACHE_SECONDS", bad)))
                    .as(bad).isInstanceOf(StartupFailure.class).hasMessageContaining("PEDIGREE_TOKEN_CACHE_SECONDS");
        }
    }
}
