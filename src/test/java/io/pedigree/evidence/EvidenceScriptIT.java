package io.pedigree.evidence;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pedigree.evidence.EvidenceStory.M;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs exactly the verification script docs/audit.md gives auditors, with sha256sum and openssl, against a proof
 * downloaded from the API: it passes on the pack as served and fails on one whose cited content was altered.
 */
class EvidenceScriptIT extends PedigreeIT {

    private static final Pattern SCRIPT = Pattern.compile(
            "<!-- verify-evidence\\.sh:[^\\n]*-->\\n```sh\\n(.*?)```", Pattern.DOTALL);

    @Test
    void scriptInTheDocsAcceptsADownloadedPackAndRefusesAnAlteredOne() throws Exception {
        EvidenceStory.tell(admin);
        Path dir = TestApp.tempDir("pedigree-auditor");
        Path script = dir.resolve("verify-evidence.sh");
        Files.writeString(script, script());
        Api.Response proof = admin.withNewToken("rita", "reader")
                .get("/api/v1/models/" + M + "/versions/1/evidence?format=proof");
        assertThat(proof.status()).as(proof.body()).isEqualTo(200);
        Files.writeString(dir.resolve("proof.txt"), proof.body());
        Files.writeString(dir.resolve("pedigree-audit-key.pem"),
                admin.as(null).get("/.well-known/pedigree-audit-key.pem").body());

        Run ok = run(dir, "proof.txt");

        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).startsWith("OK: ");
        assertThat(proof.body()).contains("fairness review FR-7 passed");

        // An approval comment changed after download: its content no longer digests to what the chain vouches for.
        Files.writeString(dir.resolve("altered.txt"), proof.body().replace("fairness review FR-7 passed",
                "fairness review skipped"));
        Run altered = run(dir, "altered.txt");
        assertThat(altered.exit()).as(altered.output()).isNotZero();
        assertThat(altered.output()).contains("FAILED: event").contains("its content is not what its hash covers");

        // The proof of someone else's key is refused.
        Files.writeString(dir.resolve("pedigree-audit-key.pem"), otherKey(dir));
        Run foreign = run(dir, "proof.txt");
        assertThat(foreign.exit()).isNotZero();
        assertThat(foreign.output()).contains("FAILED: the checkpoint's signature does not verify");
    }

    /** The script exactly as docs/audit.md prints it. */
    static String script() throws Exception {
        String doc = Files.readString(Path.of("docs/audit.md"), StandardCharsets.UTF_8);
        Matcher m = SCRIPT.matcher(doc);
        assertThat(m.find()).as("docs/audit.md holds the marked verify-evidence.sh block").isTrue();
        return m.group(1);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, String proof) throws Exception {
        Process p = new ProcessBuilder(List.of("sh", "verify-evidence.sh", proof, "pedigree-audit-key.pem"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static String otherKey(Path dir) throws Exception {
        Process p = new ProcessBuilder(List.of("sh", "-c",
                "openssl genpkey -algorithm ed25519 | openssl pkey -pubout")).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
