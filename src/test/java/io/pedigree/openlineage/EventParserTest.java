package io.pedigree.openlineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-10-01T10:00:00Z|2026-10-01T10:00:00Z",
            "2026-10-01T12:00:00+02:00|2026-10-01T10:00:00Z",
            "2026-10-01T10:00:00.123456789Z|2026-10-01T10:00:00.123456789Z",
            "2026-10-01T10:00:00.1234567891234Z|2026-10-01T10:00:00.123456789Z",
            "2026-10-01T10:00:00|2026-10-01T10:00:00Z",
            "2026-10-01 10:00:00.5|2026-10-01T10:00:00.5Z",
            "2026-10-01t10:00:00z|2026-10-01T10:00:00Z",
            "2026-10-01|2026-10-01T00:00:00Z",
    })
    void eventTimesAreReadAsProducersWriteThem(String given, String expected) {
        assertThat(EventParser.instant("$.eventTime", Events.JSON.getNodeFactory().textNode(given)))
                .isEqualTo(Instant.parse(expected));
    }

    @Test
    void theSchemaUrlDecidesTheKindAndShapeDecidesWithoutIt() {
        String dataset = """
                {"eventTime":"2026-10-01T10:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                 "dataset":{"namespace":"s3://b","name":"k"}}""";
        assertThat(EventParser.parse(dataset).type()).isEqualTo(OlEvent.Type.DATASET);
        String job = """
                {"eventTime":"2026-10-01T10:00:00Z","producer":"p","schemaURL":"bogus",
                 "job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"s3://b","name":"k"}]}""";
        assertThat(EventParser.parse(job).type()).isEqualTo(OlEvent.Type.JOB);
        String run = """
                {"eventTime":"2026-10-01T10:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/1-0-5/OpenLineage.json#/definitions/RunEvent",
                 "run":{"runId":"r"},"job":{"namespace":"n","name":"j"}}""";
        assertThat(EventParser.parse(run).type()).isEqualTo(OlEvent.Type.RUN);
    }

    @Test
    void theDigestIgnoresKeyOrderAndSpacingButNotContent() {
        String a = "{\"eventTime\":\"2026-10-01T10:00:00Z\",\"run\":{\"runId\":\"r\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\"}}";
        String b = "{ \"job\": {\"name\":\"j\", \"namespace\":\"n\"}, \"run\": {\"runId\":\"r\"},\n \"eventTime\":\"2026-10-01T10:00:00Z\" }";
        assertThat(EventParser.parse(a).digest()).isEqualTo(EventParser.parse(b).digest());
        assertThat(EventParser.parse(a.replace("\"r\"", "\"s\"")).digest()).isNotEqualTo(EventParser.parse(a).digest());
    }

    @Test
    void aMissingRequiredFieldIsNamedByItsJsonPath() {
        assertThatThrownBy(() -> EventParser.parse("{\"eventTime\":\"2026-10-01T10:00:00Z\",\"run\":{\"runId\":\"r\"},"
                + "\"job\":{\"namespace\":\"n\"}}"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("$.job.name"));
        assertThatThrownBy(() -> EventParser.parse("{\"eventTime\":\"2026-10-01T10:00:00Z\",\"run\":{\"runId\":\"r\"},"
                + "\"job\":{\"namespace\":\"n\",\"name\":\"j\"},\"inputs\":[{\"namespace\":\"x\"}]}"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("$.inputs[0].name"));
    }
}
