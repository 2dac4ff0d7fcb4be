package io.pedigree.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import java.io.StringWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PropertyCodecTest {

    private static String json(Value v) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            PropertyCodec.writeProperties(g, v);
        }
        return out.toString();
    }

    @Test
    void everyPropertyTypeComesBackAsTheSameValue() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("s", "text");
        props.put("i", 42L);
        props.put("f", 1.0);
        props.put("nan", Double.NaN);
        props.put("b", true);
        props.put("list", List.of(1L, 2L));
        props.put("utc", ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 123456789, ZoneOffset.UTC));
        props.put("zoned", ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")));
        props.put("date", LocalDate.of(2026, 10, 1));
        props.put("local", LocalDateTime.of(2026, 10, 1, 12, 0));
        props.put("time", OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(2)));
        props.put("ltime", LocalTime.of(12, 0));
        props.put("bytes", new byte[]{1, 2, 3});
        props.put("dates", List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2)));
        Value original = Values.value(props);

        String written = json(original);
        assertThat(written).contains("\"i\":42", "\"f\":1.0", "{\"$datetime\":\"2026-10-01T00:00:00.123456789Z\"}",
                "[Europe/Paris]");
        Map<String, Object> read = PropertyCodec.readProperties(new ObjectMapper().readTree(written), "test");
        assertThat(Values.value(read)).isEqualTo(original);
        assertThat(json(Values.value(read))).isEqualTo(written);
    }
}
