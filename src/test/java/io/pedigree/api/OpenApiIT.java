package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is public and describes exactly the API routes the application registers, each with the
 * role it checks. Routes are read from Javalin's router, built by the same {@link HttpApi#create} the running
 * application uses, so a route added anywhere in the HTTP layer without documentation fails here.
 */
class OpenApiIT extends PedigreeIT {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");

    @Test
    void documentIsServedWithoutAToken() {
        Api.Response r = anonymous().get("/api/openapi.json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(r.json().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void documentListsEveryRegisteredRouteAndNoOther() {
        assertThat(documented().keySet()).containsExactlyInAnyOrderElementsOf(registered().keySet());
    }

    @Test
    void documentedRoleOfEachRouteIsTheRoleItChecks() {
        assertThat(documented()).containsExactlyInAnyOrderEntriesOf(registered());
    }

    @Test
    void runningAppServesEveryDocumentedRouteAndGuardsTheProtectedOnes() {
        Api anonymous = anonymous();
        documented().forEach((route, role) -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}|<[^>]+>", "probe");
            Api.Response r = anonymous.send(anonymous.builder(path)
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            // A protected route that exists answers 401 before its handler runs; an unknown one would be 404.
            assertThat(r.status()).as(route).isEqualTo(role.equals("none") ? 200 : 401);
        });
    }

    private Api anonymous() {
        return admin.as(null);
    }

    /** "METHOD path" to the documented x-required-role, from the document the running app serves. */
    private Map<String, String> documented() {
        JsonNode paths = anonymous().get("/api/openapi.json").json().path("paths");
        Map<String, String> out = new TreeMap<>();
        paths.fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(),
                        op.getValue().path("x-required-role").asText("(missing)"));
            }
        }));
        return out;
    }

    /** "METHOD path" to the role Access checks ("none" when public), for every API route Javalin routes. */
    private Map<String, String> registered() {
        Javalin http = app.http();
        Map<String, String> out = new TreeMap<>();
        for (ParsedEndpoint parsed : http.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = parsed.endpoint;
            // Browser pages and static files sit beside the API and are not part of it.
            if (e.method.isHttpMethod() && e.path.startsWith("/api/")) {
                out.put(e.method.name() + " " + e.path, role(e.metadata(Roles.class)));
            }
        }
        assertThat(out).as("routes found in Javalin's router").isNotEmpty();
        return out;
    }

    private static String role(Roles roles) {
        Iterator<RouteRole> it = roles == null ? java.util.Collections.emptyIterator()
                : roles.getRoles().stream().filter(Access.Needs.class::isInstance).iterator();
        if (!it.hasNext()) {
            return "none";
        }
        RouteRole r = it.next();
        assertThat(it.hasNext()).as("one role per route").isFalse();
        return ((Access.Needs) r).role().id();
    }

    @Test
    void everyRouteAcceptsExactlyTheQueryParametersItDocuments() {
        JsonNode doc = anonymous().get("/api/openapi.json").json();
        Map<String, Set<String>> documented = new TreeMap<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                Set<String> names = new java.util.TreeSet<>();
                for (JsonNode param : op.getValue().path("parameters")) {
                    JsonNode resolved = param.has("$ref") ? doc.at(param.get("$ref").asText().substring(1)) : param;
                    if (resolved.path("in").asText().equals("query")) {
                        names.add(resolved.path("name").asText());
                    }
                }
                documented.put(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(), names);
            }
        }));
        Map<String, Set<String>> accepted = new TreeMap<>();
        for (ParsedEndpoint parsed : app.http().unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = parsed.endpoint;
            if (e.method.isHttpMethod() && e.path.startsWith("/api/")) {
                Roles roles = e.metadata(Roles.class);
                accepted.put(e.method.name() + " " + e.path, roles == null ? Set.of() : roles.getRoles().stream()
                        .filter(RequestRules.Accepts.class::isInstance).map(RequestRules.Accepts.class::cast)
                        .flatMap(a -> a.names().stream()).collect(java.util.stream.Collectors.toCollection(
                                java.util.TreeSet::new)));
            }
        }

        assertThat(accepted).isEqualTo(documented);
    }
}
