package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The benchmark's HTTP client: JSON to and from one Pedigree server, failing on any unexpected status. */
final class BenchClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRIES = 5;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;
    private final java.util.concurrent.atomic.AtomicInteger retried = new java.util.concurrent.atomic.AtomicInteger();

    BenchClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    /** The last answer to a request, and how many 503s before it were sent again. */
    record Sent(HttpResponse<String> response, int retries) {
    }

    /**
     * Sends {@code request}, and again after each 503 (Neo4j busy) once its {@code Retry-After} has passed, up to
     * {@link #RETRIES} times, as the OpenLineage Python client retries a 5xx; each retry is counted in
     * {@code retried}.
     */
    static Sent send(HttpClient http, HttpRequest request, java.util.concurrent.atomic.AtomicInteger retried)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        int tries = 0;
        for (; r.statusCode() == 503 && tries < RETRIES; tries++) {
            retried.incrementAndGet();
            Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return new Sent(r, tries);
    }

    /** A reply to a timed GET. */
    record Reply(int statusCode, byte[] body) {
    }

    /**
     * A GET on the calling thread, over a kept-alive connection, as a synchronous client waits for it. The JDK's
     * {@link HttpClient} hands each request to its selector and worker threads and back, which cost 0.3 ms more at
     * p50 on these machines (and more under load): the client's cost, not the server's.
     */
    Reply get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        int status = c.getResponseCode();
        // Reading the body to its end and closing the stream gives the connection back for the next request.
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Reply(status, in == null ? new byte[0] : in.readAllBytes());
        }
    }

    /** 503s answered to {@link #send} and sent again. */
    int retried() {
        return retried.get();
    }

    /**
     * Sends {@code body} as JSON and answers the JSON reply; any status but 2xx is an error, once a 503 (Neo4j
     * busy, such as a deadlock between two batches that Neo4j's own retries did not clear) was sent again as
     * {@link #send(HttpClient, HttpRequest, java.util.concurrent.atomic.AtomicInteger)} does.
     */
    JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> r = send(http, request, retried).response();
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
