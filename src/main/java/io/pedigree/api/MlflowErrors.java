package io.pedigree.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Errors on the MLflow-compatible paths, in MLflow's shape {@code {"error_code", "message"}} and with MLflow's
 * statuses, because MLflow clients branch on them: Python's {@code register_model} carries on when
 * {@code registered-models/create} answers {@code RESOURCE_ALREADY_EXISTS} (400, not 409), and lookups take a 404
 * {@code RESOURCE_DOES_NOT_EXIST} as absent. {@code /api/v1} keeps problem+json.
 */
final class MlflowErrors {

    static final String PREFIX = "/api/2.0/mlflow";

    private final ObjectMapper json;

    MlflowErrors(ObjectMapper json) {
        this.json = json;
    }

    /** Whether a request is on the MLflow API (tracking, registry, or the artifacts proxy). */
    static boolean applies(Context ctx) {
        return ctx.path().startsWith(PREFIX);
    }

    void write(Context ctx, PedigreeException e) {
        if (e instanceof PedigreeException.TooManyRequests t) {
            ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
        }
        String message = e.detail();
        if (e instanceof PedigreeException.Conflict c && !c.unmetGates().isEmpty()) {
            // MLflow clients show only the message, so it names every unmet gate itself.
            message += ". Unmet gates: " + gates(c.unmetGates());
        }
        answer(ctx, code(e), message);
    }

    /** An error known only by its status (a body that does not parse, an unexpected failure). */
    void write(Context ctx, int status, String message) {
        answer(ctx, switch (status) {
            case 400, 413, 414, 431 -> "INVALID_PARAMETER_VALUE";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "RESOURCE_DOES_NOT_EXIST";
            case 409 -> "RESOURCE_CONFLICT";
            case 429 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> "INTERNAL_ERROR";
        }, message);
    }

    /** No route for the path or method: MLflow answers ENDPOINT_NOT_FOUND. */
    void endpoint(Context ctx, int status) {
        answer(ctx, "ENDPOINT_NOT_FOUND", status == 405 ? "Method " + ctx.method() + " is not supported on "
                + ctx.path() : "No MLflow endpoint " + ctx.path() + "; see docs/mlflow.md for what is supported");
    }

    static String code(PedigreeException e) {
        if (e instanceof PedigreeException.AlreadyExists) {
            return "RESOURCE_ALREADY_EXISTS";
        } else if (e instanceof PedigreeException.InvalidInput || e instanceof PedigreeException.PayloadTooLarge
                || e instanceof PedigreeException.Unprocessable) {
            return "INVALID_PARAMETER_VALUE";
        } else if (e instanceof PedigreeException.Unauthorized) {
            return "UNAUTHENTICATED";
        } else if (e instanceof PedigreeException.Forbidden) {
            return "PERMISSION_DENIED";
        } else if (e instanceof PedigreeException.NotFound) {
            return "RESOURCE_DOES_NOT_EXIST";
        } else if (e instanceof PedigreeException.Conflict) {
            return "RESOURCE_CONFLICT";
        } else if (e instanceof PedigreeException.TooManyRequests) {
            return "REQUEST_LIMIT_EXCEEDED";
        } else if (e instanceof PedigreeException.Unavailable || e instanceof PedigreeException.QueryTimeout) {
            return "TEMPORARILY_UNAVAILABLE";
        }
        return "INTERNAL_ERROR";
    }

    /** MLflow's status for each error code (RESOURCE_ALREADY_EXISTS is 400 there, not 409). */
    static int status(String code) {
        return switch (code) {
            case "RESOURCE_ALREADY_EXISTS", "INVALID_PARAMETER_VALUE", "BAD_REQUEST" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "RESOURCE_DOES_NOT_EXIST", "ENDPOINT_NOT_FOUND" -> 404;
            case "RESOURCE_CONFLICT", "ALREADY_EXISTS" -> 409;
            case "REQUEST_LIMIT_EXCEEDED" -> 429;
            case "NOT_IMPLEMENTED" -> 501;
            case "TEMPORARILY_UNAVAILABLE" -> 503;
            default -> 500;
        };
    }

    private static String gates(List<Map<String, Object>> unmet) {
        return unmet.stream().map(g -> g.get("gate") + " (" + g.get("detail") + ")")
                .collect(Collectors.joining("; "));
    }

    private void answer(Context ctx, String code, String message) {
        ctx.attribute(Problems.ANSWERED, true);
        int status = status(code);
        if (status == 503) {
            ctx.header("Retry-After", "5");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message == null ? "" : message);
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            ctx.status(500).contentType("application/json")
                    .result("{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"\"}");
        }
    }
}
