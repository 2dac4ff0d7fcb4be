package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Artifact uploads and downloads over HTTP for tests: raw bodies, binary answers and hand-written requests. */
final class ArtifactHttp {

    /** The SHA-256 of no bytes at all. */
    static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ArtifactHttp() {
    }

    /** {@code n} bytes, the same for the same seed and different for different seeds. */
    static byte[] bytes(int n, long seed) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        return out;
    }

    static String sha(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code content} as the raw body, with a declared length; {@code query} starts with '?' or is empty. */
    static Api.Response upload(Api api, byte[] content, String query, String contentType) {
        HttpRequest.Builder b = api.builder("/api/v1/artifacts" + query)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return api.send(b);
    }

    static Api.Response upload(Api api, byte[] content) {
        return upload(api, content, "", "application/octet-stream");
    }

    /** Uploads and fails the test unless the content was accepted; answers the artifact. */
    static JsonNode uploaded(Api api, byte[] content, String query) {
        Api.Response r = upload(api, content, query, "application/octet-stream");
        assertThat(r.status()).as("upload answer %s", r.body()).isIn(200, 201);
        return r.json().get("artifact");
    }

    /** Posts {@code content} chunked, without declaring its length, as a client streaming from a pipe does. */
    static Api.Response uploadChunked(Api api, byte[] content, String query) {
        return api.send(api.builder("/api/v1/artifacts" + query)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));
    }

    /** A request whose answer is kept as bytes, with header name/value pairs. */
    static HttpResponse<byte[]> fetch(Api api, String method, String path, String... headers) {
        HttpRequest.Builder b = api.builder(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        for (int attempt = 1; ; attempt++) {
            try {
                return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // Jetty closes the connection after refusing a malformed request line; the client may pick that
                // closed connection from its pool before it notices, and gets no bytes. The request never reached
                // the server, so sending it again is safe.
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw new UncheckedIOException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static HttpResponse<byte[]> download(Api api, String sha, String... headers) {
        return fetch(api, "GET", "/api/v1/artifacts/" + sha, headers);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** The audit events with {@code action}, oldest first. */
    static List<JsonNode> audit(Api api, String action) {
        Api.Response r = api.get("/api/v1/audit?limit=1000&action=" + Api.q(action));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("items").forEach(out::add);
        return out;
    }

    /**
     * Writes {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body} on a
     * fresh connection, then closes the sending side and answers everything the server wrote back.
     */
    static String raw(int port, String head, byte[] body) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException reset) {
                // the server may reset a connection it gave up on; what arrived before is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
