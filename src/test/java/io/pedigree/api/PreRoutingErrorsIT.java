package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Jetty refuses before any route runs are answered like every other API error, as problem+json. Sent
 * over a raw socket, since java.net.http refuses to send such URIs.
 */
class PreRoutingErrorsIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status line, headers and body of the answer to {@code request}, sent as given. */
    private String raw(String requestLine, String extraHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestApp.ADMIN_TOKEN + "\r\n"
                    + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode assertProblemAnswer(String answer, int status) throws IOException {
        assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).as(answer).contains("content-type: application/problem+json");
        JsonNode p = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("type").asText()).startsWith("urn:pedigree:problem:");
        assertThat(answer).doesNotContain("Exception", "org.eclipse", "<html");
        return p;
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/..;/models",
            "/api/v1/models/%2e%2e/x",
            "/api/v1/node%00?key=dataset:d@1",
            "/api/v1/models%2Ffraud",
            "/api/v1/%zz",
    })
    void ambiguousOrUndecodablePathsAreProblems(String path) throws IOException {
        String answer = raw("GET " + path + " HTTP/1.1", "");

        assertThat(answer).as(answer).startsWith("HTTP/1.1 4");
        assertProblemAnswer(answer, Integer.parseInt(answer.substring(9, 12)));
    }

    @Test
    void hugeHeadersAre431Problems() throws IOException {
        assertProblemAnswer(raw("GET /api/v1/models HTTP/1.1", "X-Big: " + "b".repeat(40_000) + "\r\n"), 431);
    }

    @Test
    void aHugeUriIsAProblem() throws IOException {
        String answer = raw("GET /api/v1/nodes?q=" + "q".repeat(40_000) + " HTTP/1.1", "");

        assertThat(answer).startsWith("HTTP/1.1 4");
        assertProblemAnswer(answer, Integer.parseInt(answer.substring(9, 12)));
    }

    @Test
    void aBadPercentEscapeInAQueryIsA400NamingTheParameter() throws IOException {
        JsonNode p = assertProblemAnswer(raw("GET /api/v1/node?key=dataset:pct%zz@1 HTTP/1.1", ""), 400);

        assertThat(p.path("field").asText()).isEqualTo("key");
    }
}
