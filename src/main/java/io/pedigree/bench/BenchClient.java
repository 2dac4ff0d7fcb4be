package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The benchmark's HTTP client: JSON to and from one Pedigree server, failing on any unexpected status. */
final class BenchClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;

    BenchClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends {@code body} as JSON and answers the JSON reply; any status but 2xx is an error. */
    JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
