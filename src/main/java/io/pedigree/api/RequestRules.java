package io.pedigree.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Limits;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules every request follows before its route runs, checked here once: no method tunnelling, and on the API only
 * the query parameters the route declares (with {@link #params}), each valid UTF-8 text within the limits.
 */
final class RequestRules {

    /** Headers some frameworks take as the real method; honouring one would let a GET write. */
    static final List<String> TUNNELS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    static final String TUNNEL_FIELD = "_method";

    /** The query parameters an API route accepts, given beside its access role; a route that gives none takes none. */
    record Accepts(Set<String> names) implements RouteRole {
    }

    private final Limits limits;

    RequestRules(Limits limits) {
        this.limits = limits;
    }

    static Accepts params(String... names) {
        return new Accepts(Set.of(names));
    }

    /** A shared group of parameters and some of the route's own. */
    static Accepts params(String[] shared, String... own) {
        Set<String> all = new TreeSet<>(List.of(shared));
        all.addAll(List.of(own));
        return new Accepts(Set.copyOf(all));
    }

    void check(Context ctx) {
        String path = ctx.path();
        if (path.equals("/api") || path.startsWith("/api/")) {
            checkQuery(ctx, ctx.routeRoles().stream().filter(Accepts.class::isInstance).map(Accepts.class::cast)
                    .map(Accepts::names).findFirst().orElse(Set.of()));
        }
    }

    /**
     * Runs before routing, on every request: Javalin itself takes X-HTTP-Method-Override as the method, so a GET
     * could delete. The fields of a form (the pages' posts) follow the same text rule as JSON strings.
     */
    void beforeRouting(Context ctx) {
        for (String h : TUNNELS) {
            if (ctx.header(h) != null) {
                throw new InvalidInput(h, "Method overriding is not supported: send the request with the method"
                        + " itself, not " + h);
            }
        }
        if (ctx.method() == HandlerType.POST && ctx.contentType() != null
                && ctx.contentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ctx.formParamMap().forEach((name, values) -> {
                if (name.equals(TUNNEL_FIELD)) {
                    throw new InvalidInput(TUNNEL_FIELD, "Method overriding is not supported");
                }
                values.forEach(v -> limits.checkText(name, v));
            });
        }
    }

    private void checkQuery(Context ctx, Set<String> accepted) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName, rawName);
            if (!accepted.contains(name)) {
                throw new InvalidInput(name, "Unknown query parameter '" + name + "'; "
                        + (accepted.isEmpty() ? ctx.path() + " takes none"
                        : "expected " + String.join(", ", new TreeSet<>(accepted))));
            }
            limits.checkText(name, eq < 0 ? "" : decode(name, pair.substring(eq + 1)));
        }
    }

    /**
     * Percent-decodes strictly: an escape that is not two hex digits, or bytes that are not UTF-8 (such as an
     * encoded surrogate, {@code %ED%A0%80}), are refused instead of becoming U+FFFD, so two different keys can
     * never arrive as one.
     */
    static String decode(String field, String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new InvalidInput(field, "'" + field + "' holds a '%' that is not followed by two hex"
                            + " digits; encode a literal '%' as %25");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int end = i;
                while (end < raw.length() && raw.charAt(end) != '%' && raw.charAt(end) != '+') {
                    end++;
                }
                String run = raw.substring(i, end);
                Limits.checkWellFormed(field, run);
                bytes.writeBytes(run.getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput(field, "'" + field + "' is not valid UTF-8 once percent-decoded (an encoded"
                    + " surrogate or a broken sequence)");
        }
    }
}
