package io.pedigree.testing;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that an answer is an RFC 9457 problem document that tells the client what, and nothing internal. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    /** Asserts the status and problem shape, and returns the problem for further checks. */
    public static JsonNode assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("type").asText()).as("type").isNotBlank();
        assertThat(p.path("title").asText()).as("title").isNotBlank();
        assertThat(p.path("status").asInt()).as("status in body").isEqualTo(status);
        assertThat(p.path("detail").asText()).as("detail").isNotBlank();
        assertNothingInternal(r);
        return p;
    }

    /** Asserts a problem that names the offending field or parameter. */
    public static JsonNode assertProblem(Api.Response r, int status, String field) {
        JsonNode p = assertProblem(r, status);
        assertThat(p.path("field").asText()).as("field of %s", r.body()).isEqualTo(field);
        return p;
    }

    /** No stack trace, exception name or Java type leaks into a body. */
    public static void assertNothingInternal(Api.Response r) {
        assertThat(r.body()).doesNotContain("\tat ", "Exception", "io.pedigree.", "java.", "$NodeBody",
                "org.neo4j", "com.fasterxml");
    }
}
