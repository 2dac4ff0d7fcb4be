package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Filters, cursor pagination and roles of the audit listing; each filter is checked against the whole log. */
class ReadingTheAuditLogIT extends PedigreeIT {

    private final MutableClock clock = new MutableClock();
    private List<JsonNode> everything;
    private Instant middle;

    @Override
    protected Clock clock() {
        return clock;
    }

    /** A log of 9 events by three actors, of several actions, with a known moment in the middle. */
    @BeforeEach
    void history() {
        Api ci = admin.withNewToken("ci-bot", "writer");
        Api ana = admin.withNewToken("ana", "writer");
        Lineage.of().node("dataset:raw@1", "dataset:clean@1").rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1")
                .writeWith(ci);
        ci.put("/api/v1/nodes", Map.of("key", "model:fraud@1"));
        middle = clock.advance(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        ana.put("/api/v1/nodes", Map.of("key", "model:fraud@2"));
        ana.post("/api/v1/relations", Map.of("from", "model:fraud@2", "type", "DERIVED_FROM", "to", "model:fraud@1"));
        ana.post("/api/v1/relations/close", Map.of("from", "dataset:clean@1", "type", "DERIVED_FROM",
                "to", "dataset:raw@1"));
        admin.withNewToken("viewer", "reader");
        everything = AuditTrail.all(admin);
        assertThat(everything).hasSize(9);
    }

    private List<Long> seqs(List<JsonNode> events) {
        return events.stream().map(e -> e.path("seq").asLong()).toList();
    }

    private List<Long> expected(Predicate<JsonNode> filter) {
        return seqs(everything.stream().filter(filter).toList());
    }

    private static boolean touches(JsonNode e, String key) {
        return e.path("target").asText().equals(key)
                || StreamSupport.stream(e.path("targets").spliterator(), false).anyMatch(t -> t.asText().equals(key));
    }

    @Test
    void eventsComeOldestFirstWithEveryField() {
        List<String> names = new ArrayList<>();
        everything.get(3).fieldNames().forEachRemaining(names::add);

        assertThat(seqs(everything)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(names).containsExactly("seq", "at", "actor", "action", "target", "targets", "before", "after",
                "reason", "details", "prevHash", "hash", "contentDigest", "erasedBy");
    }

    @Test
    void targetFilterFindsEventsActingOnAKeyOrTouchingIt() {
        assertThat(seqs(AuditTrail.all(admin, "target=" + Api.q("dataset:raw@1"), 1000)))
                .isEqualTo(expected(e -> touches(e, "dataset:raw@1")))
                .hasSize(2);
        assertThat(seqs(AuditTrail.all(admin, "target=" + Api.q("model:fraud@1"), 1000)))
                .isEqualTo(expected(e -> touches(e, "model:fraud@1")))
                .hasSize(2);
    }

    @Test
    void actorFilterFindsOnlyThatActorsEvents() {
        assertThat(seqs(AuditTrail.all(admin, "actor=ana", 1000)))
                .isEqualTo(expected(e -> e.path("actor").asText().equals("ana")))
                .hasSize(3);
    }

    @Test
    void actionFilterIsExactUnlessItEndsInADot() {
        assertThat(seqs(AuditTrail.all(admin, "action=token.create", 1000)))
                .isEqualTo(expected(e -> e.path("action").asText().equals("token.create")))
                .hasSize(3);
        assertThat(seqs(AuditTrail.all(admin, "action=token.", 1000)))
                .isEqualTo(expected(e -> e.path("action").asText().startsWith("token.")))
                .hasSize(4);
        assertThat(AuditTrail.all(admin, "action=token", 1000)).isEmpty();
    }

    @Test
    void timeRangeIncludesFromAndExcludesTo() {
        String from = "from=" + Api.q(middle.toString());
        String to = "to=" + Api.q(middle.toString());
        Instant fourth = Instant.parse(everything.get(3).path("at").asText());

        assertThat(seqs(AuditTrail.all(admin, from, 1000))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(seqs(AuditTrail.all(admin, to, 1000))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(AuditTrail.all(admin, "from=" + Api.q(fourth.toString()) + "&" + to, 1000)))
                .containsExactly(4L, 5L);
    }

    @Test
    void filtersCombine() {
        assertThat(seqs(AuditTrail.all(admin, "actor=ana&action=relation.&from=" + Api.q(middle.toString()), 1)))
                .containsExactly(7L, 8L);
    }

    @Test
    void cursorPagesVisitEveryEventExactlyOnceWhateverThePageSize() {
        for (int limit : new int[] {1, 2, 4, 9, 10}) {
            assertThat(seqs(AuditTrail.all(admin, "", limit))).as("limit %d", limit).isEqualTo(seqs(everything));
        }
        assertThat(seqs(AuditTrail.all(admin, "target=" + Api.q("model:fraud@1"), 1)))
                .isEqualTo(expected(e -> touches(e, "model:fraud@1")));
    }

    @Test
    void lastPageHasNoCursorAndACursorStaysValidAfterMoreIsAppended() {
        JsonNode first = admin.get("/api/v1/audit?limit=5").json();
        JsonNode rest = admin.get("/api/v1/audit?limit=5&cursor=" + Api.q(first.path("nextCursor").asText())).json();
        admin.put("/api/v1/nodes", Map.of("key", "model:late@1"));
        JsonNode again = admin.get("/api/v1/audit?limit=5&cursor=" + Api.q(first.path("nextCursor").asText()))
                .json();

        assertThat(seqs(List.copyOf(iterable(first.path("items"))))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(List.copyOf(iterable(rest.path("items"))))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(rest.path("nextCursor").isNull()).isTrue();
        assertThat(seqs(List.copyOf(iterable(again.path("items"))))).containsExactly(6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void aReaderMayReadVerifyAndExportAndNobodyWithoutATokenMay() {
        Api viewer = admin.withNewToken("auditor", "reader");
        Api nobody = admin.as(null);

        for (String path : List.of("/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export")) {
            assertThat(viewer.get(path).status()).as(path).isEqualTo(200);
            assertThat(nobody.get(path).status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void eachListedEventCarriesEnoughToRecomputeItsHash() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

        for (JsonNode e : everything) {
            AuditEvent event = json.treeToValue(e, AuditEvent.class);
            assertThat(event.expectedHash()).as("event %s", e).isEqualTo(event.hash());
        }
        assertThat(everything.get(0).path("prevHash").asText()).isEqualTo(AuditEvent.GENESIS);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
