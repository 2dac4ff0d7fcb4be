package io.pedigree.audit;

import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the checkpoint key comes from: a file in the data directory, made once, or the environment. */
class AuditKeyIT {

    @Test
    void keyIsCreatedInTheDataDirectoryOnFirstStartAndKeptAcrossRestarts() {
        Map<String, String> settings = TestApp.settings();
        Path file = Path.of(settings.get("PEDIGREE_DATA_DIR")).resolve("audit-signing-key.pem");
        String first;
        try (App app = TestApp.start(settings)) {
            assertThat(file).exists();
            first = Api.admin(app).as(null).get("/api/v1/audit/key").body();
        }
        try (App again = TestApp.start(settings)) {
            assertThat(Api.admin(again).as(null).get("/api/v1/audit/key").body()).isEqualTo(first)
                    .isEqualTo(SigningKey.loadOrCreate(file).publicKeyPem());
        }
    }

    @Test
    void keyGivenInTheEnvironmentWinsAndNoFileIsWritten() throws Exception {
        Path elsewhere = TestApp.tempDir("pedigree-key").resolve("k.pem");
        SigningKey given = SigningKey.loadOrCreate(elsewhere);
        Map<String, String> settings = TestApp.settings();
        settings.put("PEDIGREE_AUDIT_SIGNING_KEY", Files.readString(elsewhere));

        try (App app = TestApp.start(settings)) {
            Api.Response key = Api.admin(app).as(null).get("/.well-known/pedigree-audit-key.pem");
            assertThat(key.body()).isEqualTo(given.publicKeyPem());
            assertThat(key.headers().firstValue("X-Pedigree-Key-Id")).hasValue(given.keyId());
        }
        assertThat(Path.of(settings.get("PEDIGREE_DATA_DIR")).resolve("audit-signing-key.pem")).doesNotExist();
    }
}
