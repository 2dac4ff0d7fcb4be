package io.pedigree.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.pedigree.error.PedigreeException;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.error.PedigreeException.Unprocessable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/** Maps every error, once, to an {@code application/problem+json} answer; clients never see a stack trace. */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    static final String ANSWERED = "pedigree.error.answered";

    private final ObjectMapper json;
    private final ErrorPage pages;
    private final MlflowErrors mlflow;

    Problems(ObjectMapper json, ErrorPage pages) {
        this.json = json;
        this.pages = pages;
        this.mlflow = new MlflowErrors(json);
    }

    void register(JavalinConfig config) {
        config.routes.exception(PedigreeException.class, (e, ctx) -> {
            if (MlflowErrors.applies(ctx)) {
                mlflow.write(ctx, e);
                return;
            }
            if (e instanceof PedigreeException.RangeNotSatisfiable r) {
                ctx.header("Content-Range", "bytes */" + r.size());
            }
            if (e instanceof PedigreeException.TooManyRequests t) {
                ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
            }
            write(ctx, status(e), e.title(), e.detail(), field(e),
                    e instanceof Conflict c && !c.differences().isEmpty() ? c.differences() : null,
                    e instanceof Conflict c && !c.unmetGates().isEmpty() ? c.unmetGates() : null);
        });
        config.routes.exception(JsonMappingException.class, (e, ctx) -> write(ctx, 400, "Invalid input",
                shapeDetail(e), pointer(e), null));
        config.routes.exception(JsonProcessingException.class, (e, ctx) -> write(ctx, 400, "Invalid input",
                "The body is not valid JSON: " + e.getOriginalMessage(), "body", null));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (MlflowErrors.applies(ctx) && (e.getStatus() == 404 || e.getStatus() == 405)) {
                mlflow.endpoint(ctx, e.getStatus());
                return;
            }
            write(ctx, e.getStatus(), reason(e.getStatus()), e.getMessage(), null, null);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString();
            LOG.error("Unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
            write(ctx, 500, "Internal server error", "Something went wrong on our side; it was logged as " + id,
                    null, null);
        });
        for (int status : new int[] {404, 405, 413}) {
            config.routes.error(status, ctx -> {
                if (ctx.attribute(ANSWERED) == null && MlflowErrors.applies(ctx)) {
                    mlflow.endpoint(ctx, status);
                } else if (ctx.attribute(ANSWERED) == null && !CONTENT_TYPE.equals(ctx.res().getContentType())
                        && !isJson(ctx)) {
                    write(ctx, status, reason(status), status == 404 ? "No such resource: " + ctx.path()
                            : status == 405 ? "Method " + ctx.method() + " is not allowed on " + ctx.path()
                            : "The request body is larger than allowed", null, null);
                }
            });
        }
    }

    /**
     * Whether an error is shown as a page: never under {@code /api}; always on a page route (one registered with a
     * role that is not the API's); elsewhere (an unknown path) when the client is a browser, which asks for HTML.
     */
    static boolean wantsPage(Context ctx) {
        String path = ctx.path();
        if (path.equals("/api") || path.startsWith("/api/")) {
            return false;
        }
        if (ctx.routeRoles().stream()
                .anyMatch(r -> !(r instanceof Access.Needs || r instanceof RequestRules.Accepts))) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(CONTENT_TYPE);
    }

    void write(Context ctx, int status, String title, String detail, String field,
               java.util.List<java.util.Map<String, Object>> differences) {
        write(ctx, status, title, detail, field, differences, null);
    }

    void write(Context ctx, int status, String title, String detail, String field,
               java.util.List<java.util.Map<String, Object>> differences,
               java.util.List<java.util.Map<String, Object>> unmetGates) {
        if (status == 503) {
            ctx.header("Retry-After", "5");
        }
        ctx.attribute(ANSWERED, true);
        if (MlflowErrors.applies(ctx)) {
            mlflow.write(ctx, status, detail);
            return;
        }
        if (wantsPage(ctx)) {
            pages.render(ctx, status, title, detail);
            return;
        }
        Problem p = new Problem(Problem.typeFor(title), title, status, detail, ctx.path(), field, differences,
                unmetGates);
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(json.writeValueAsBytes(p));
        } catch (JsonProcessingException e) {
            ctx.status(500).contentType(CONTENT_TYPE).result("{\"title\":\"Internal server error\",\"status\":500}");
        }
    }

    private static int status(PedigreeException e) {
        if (e instanceof InvalidInput) {
            return 400;
        } else if (e instanceof PedigreeException.Unauthorized) {
            return 401;
        } else if (e instanceof PedigreeException.Forbidden) {
            return 403;
        } else if (e instanceof NotFound) {
            return 404;
        } else if (e instanceof Conflict || e instanceof PedigreeException.AlreadyExists) {
            return 409;
        } else if (e instanceof PayloadTooLarge) {
            return 413;
        } else if (e instanceof PedigreeException.RangeNotSatisfiable) {
            return 416;
        } else if (e instanceof Unprocessable) {
            return 422;
        } else if (e instanceof PedigreeException.TooManyRequests) {
            return 429;
        } else if (e instanceof PedigreeException.Unavailable || e instanceof PedigreeException.QueryTimeout) {
            return 503;
        }
        return 500;
    }

    private static String field(PedigreeException e) {
        if (e instanceof InvalidInput i) {
            return i.field();
        } else if (e instanceof NotFound n) {
            return n.field();
        } else if (e instanceof PayloadTooLarge p) {
            return p.field();
        } else if (e instanceof Unprocessable u) {
            return u.field();
        }
        return null;
    }

    /**
     * Says what is wrong with the shape of a body in the client's terms: Jackson's own messages name Java classes
     * ({@code Bodies$NodeBody}, {@code java.util.LinkedHashMap}), which mean nothing to a client.
     */
    static String shapeDetail(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "Unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected " + known);
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Trailing token")) {
            return "The body must hold a single JSON value, but more follows it";
        }
        String where = pointer(e);
        String subject = where.equals("body") ? "The body" : "'" + where + "'";
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return subject + " must be " + expected(m.getTargetType());
        }
        return subject + " does not have the expected shape";
    }

    private static String expected(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Invalid input";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 416 -> "Range not satisfiable";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Bad request";
        };
    }
}
