package io.pedigree.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * Answers the errors Jetty raises before any route runs (an ambiguous or undecodable URI, headers or a URI too
 * large) as {@code application/problem+json} under {@code /api}, and for requests whose path is not known at all,
 * like every other API error; pages keep Jetty's plain HTML.
 */
final class JettyErrors extends ErrorHandler {

    // Jetty's own reasons are short phrases ("Ambiguous URI path separator"); anything else is not passed on.
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ,:'()-]{1,120}");

    private final ObjectMapper json;

    JettyErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String path = path(request);
        if (path != null && !(path.equals("/api") || path.startsWith("/api/"))) {
            super.generateResponse(request, response, code, message, cause, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, message, path)), callback);
    }

    /** The answer to a request Jetty could not even parse: its path is unknown, so the API's form is used. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(problem(status, reason, null));
    }

    private byte[] problem(int status, String message, String path) {
        String title = Problems.reason(status);
        String detail = message != null && PLAIN.matcher(message).matches() ? message : title;
        if (status == 431) {
            detail = "The request headers are larger than this server accepts";
        } else if (status == 414) {
            detail = "The request URI is longer than this server accepts";
        }
        try {
            return json.writeValueAsBytes(new Problem(Problem.typeFor(title), title, status, detail, path, null, null,
                    null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's path, or null where Jetty could not parse the request and stands in "/badMessage". */
    private static String path(Request request) {
        try {
            HttpURI uri = request.getHttpURI();
            return uri == null || "/badMessage".equals(uri.getPath()) ? null : uri.getPath();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }
}
