package io.pedigree.audit;

import io.pedigree.error.PedigreeException.StartupFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyTest {

    @Test
    void keyIsGeneratedOnFirstStartReadableByItsOwnerOnlyAndReadBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/audit-signing-key.pem");

        SigningKey first = SigningKey.loadOrCreate(file);
        SigningKey again = SigningKey.loadOrCreate(file);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem());
        assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
        assertThat(again.verifies("text", first.sign("text"), "signature")).isTrue();
        assertThat(again.verifies("other text", first.sign("text"), "signature")).isFalse();
    }

    @Test
    void keyMadeByOpensslGivesOpensslsPublicKeyAndSignaturesOpensslAccepts(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path pub = dir.resolve("pub.pem");
        run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        run(dir, "openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());

        SigningKey k = SigningKey.loadOrCreate(key);
        String text = Checkpoint.signedText(7, "ab".repeat(32), java.time.Instant.parse("2026-11-30T18:00:00Z"));
        Files.writeString(dir.resolve("msg"), text);
        Files.write(dir.resolve("sig"), Base64.getDecoder().decode(k.sign(text)));

        assertThat(k.publicKeyPem()).isEqualTo(Files.readString(pub));
        assertThat(run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                "-in", "msg", "-sigfile", "sig")).contains("Signature Verified Successfully");
    }

    @Test
    void keyGivenAsPemTextIsUsedAsIs(@TempDir Path dir) throws Exception {
        SigningKey made = SigningKey.loadOrCreate(dir.resolve("k.pem"));

        SigningKey given = SigningKey.parse(Files.readString(dir.resolve("k.pem")), "PEDIGREE_AUDIT_SIGNING_KEY");

        assertThat(given.keyId()).isEqualTo(made.keyId());
    }

    @Test
    void fileThatHoldsNoKeyStopsTheStartNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit-signing-key.pem");
        Files.writeString(file, "not a key");

        assertThatThrownBy(() -> SigningKey.loadOrCreate(file)).isInstanceOf(StartupFailure.class)
                .hasMessageContaining(file.toString());
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
