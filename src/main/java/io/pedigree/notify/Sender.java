package io.pedigree.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts one signed delivery. Redirects are never followed (a 3xx is a failed attempt naming where it pointed), no
 * proxy is used, and connecting and answering each have a time limit, so one slow receiver cannot hold a worker.
 */
final class Sender {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** What one attempt came to: the status code if any answer came, and what went wrong if it failed. */
    record Outcome(Integer status, String error) {
        boolean delivered() {
            return error == null;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    private final String userAgent;

    Sender(String version) {
        this.userAgent = "Pedigree-Webhooks/" + version;
    }

    Outcome send(URI url, String secret, String deliveryId, String eventId, String eventType, long timestamp,
                 String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .header("Pedigree-Event", eventType)
                .header("Pedigree-Event-Id", eventId)
                .header("Pedigree-Delivery", deliveryId)
                .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(Signature.SIGNATURE_HEADER, Signature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            int code = r.statusCode();
            if (code >= 200 && code < 300) {
                return new Outcome(code, null);
            }
            if (code >= 300 && code < 400) {
                return new Outcome(code, "redirect to " + r.headers().firstValue("Location").orElse("(no Location)")
                        + " not followed");
            }
            return new Outcome(code, "answered " + code);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timed out: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }
}
