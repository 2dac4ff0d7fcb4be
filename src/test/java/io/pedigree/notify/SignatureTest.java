package io.pedigree.notify;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature is what the verification recipes in docs/webhooks.md compute. */
class SignatureTest {

    private static final String SECRET = "whsec_test-secret";
    private static final String BODY = "{\"type\":\"quarantine.created\",\"reason\":\"PII: \\u00e9l\u00e8ve\"}";
    private static final long TIMESTAMP = 1764540000L;

    @Test
    void matchesTheOpensslRecipe() throws Exception {
        String out = run("printf '%s.%s' \"$TS\" \"$BODY\" | openssl dgst -sha256 -hmac \"$SECRET\" | sed 's/^.* //'");
        assertThat(Signature.sign(SECRET, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=" + out);
    }

    @Test
    void matchesThePythonRecipe() throws Exception {
        Path script = Files.createTempFile("verify", ".py");
        Files.writeString(script, """
                import hashlib, hmac, os
                secret, timestamp, body = os.environ["SECRET"], os.environ["TS"], os.environ["BODY"].encode()
                expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
                print(expected)
                """);
        String out = run("python3 " + script);
        assertThat(Signature.sign(SECRET, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(out);
    }

    @Test
    void changesWithTheTimestampAndTheBody() {
        String s = Signature.sign(SECRET, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(Signature.sign(SECRET, TIMESTAMP + 1, BODY.getBytes(StandardCharsets.UTF_8))).isNotEqualTo(s);
        assertThat(Signature.sign(SECRET, TIMESTAMP, (BODY + " ").getBytes(StandardCharsets.UTF_8))).isNotEqualTo(s);
    }

    private static String run(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
        pb.environment().put("SECRET", SECRET);
        pb.environment().put("TS", Long.toString(TIMESTAMP));
        pb.environment().put("BODY", BODY);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Assumptions.abort("no shell to run the recipe: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(p.waitFor() == 0 && !out.isEmpty(), "the recipe's tool is not installed");
        return out;
    }
}
