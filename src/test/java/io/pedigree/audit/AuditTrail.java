package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the audit log through the API, for tests. */
final class AuditTrail {

    private AuditTrail() {
    }

    /** Every event the filters (a query string, possibly empty) select, following cursors page by page. */
    static List<JsonNode> all(Api api, String filters, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            String q = "?limit=" + limit + (filters.isEmpty() ? "" : "&" + filters)
                    + (cursor == null ? "" : "&cursor=" + Api.q(cursor));
            Api.Response r = api.get("/api/v1/audit" + q);
            assertThat(r.status()).as("audit page %s", r.body()).isEqualTo(200);
            r.json().path("items").forEach(out::add);
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asText();
        } while (cursor != null);
        return out;
    }

    static List<JsonNode> all(Api api) {
        return all(api, "", 1000);
    }

    /** The sequence number of the last event, 0 for an empty log. */
    static long lastSeq(Api api) {
        List<JsonNode> events = all(api);
        return events.isEmpty() ? 0 : events.get(events.size() - 1).path("seq").asLong();
    }

    /** The events after {@code seq}. */
    static List<JsonNode> after(Api api, long seq) {
        return all(api).stream().filter(e -> e.path("seq").asLong() > seq).toList();
    }

    static JsonNode verify(Api api, String query) {
        Api.Response r = api.get("/api/v1/audit/verify" + query);
        assertThat(r.status()).as("verify %s", r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode verify(Api api) {
        return verify(api, "");
    }
}
