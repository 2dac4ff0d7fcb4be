package io.pedigree.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without the browser, for HTML tests: keeps cookies like one, follows no redirects, posts forms, and
 * reads the form token out of the pages it gets.
 */
public final class WebClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WebClient(io.pedigree.App app) {
        this.base = "http://127.0.0.1:" + app.port();
    }

    /** Sends {@code name: value} with every request from now on, as a proxy in front would. */
    public WebClient withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Stops sending {@code name}, as a browser with a privacy setting that strips it. */
    public WebClient withoutHeader(String name) {
        headers.put(name, null);
        return this;
    }

    public Api.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Downloads {@code path} with this browser's cookies, as bytes (a PDF): the status must be 200. */
    public byte[] bytes(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form, as a browser does, with exactly the fields given (no form token unless among them). */
    public Api.Response post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        // A browser states where a form came from; a test that plays another site overrides it with withHeader.
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Origin")) {
            b.header("Origin", base);
        }
        return send(b);
    }

    /** Signs in through the form, like a person: open it, fill the token, send. */
    public Api.Response signIn(String token) {
        String csrf = csrfOf(get("/signin"));
        return post("/signin", Map.of("csrf", csrf, "token", token, "next", "/"));
    }

    /** The form token in a page. */
    public static String csrfOf(Api.Response page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("No form token in " + page.body());
        }
        return m.group(1);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** Every Set-Cookie header of an answer. */
    public static List<String> setCookies(Api.Response r) {
        return r.headers().allValues("Set-Cookie");
    }

    private Api.Response send(HttpRequest.Builder b) {
        b.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        headers.forEach((name, value) -> {
            if (value != null) {
                b.setHeader(name, value);
            }
        });
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || c.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new Api.Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
