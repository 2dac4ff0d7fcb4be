package io.pedigree.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.error.PedigreeException.InvalidInput;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.TypeSystem;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Neo4j property values to JSON and back without loss. Strings, booleans, integers and lists are plain JSON
 * (a float is always written with a fraction or exponent, so it reads back as a float); every other type is an
 * object with one member naming it, such as {@code {"$datetime": "2026-01-01T00:00Z"}}. No property can be a map,
 * so an object is never ambiguous.
 */
final class PropertyCodec {

    private static final TypeSystem TYPES = TypeSystem.getDefault();

    private PropertyCodec() {
    }

    /** Writes a node's or relation's properties as one JSON object. */
    static void writeProperties(JsonGenerator g, Value properties) throws IOException {
        g.writeStartObject();
        for (String key : properties.keys()) {
            g.writeFieldName(key);
            write(g, properties.get(key));
        }
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Value v) throws IOException {
        if (v.hasType(TYPES.STRING())) {
            g.writeString(v.asString());
        } else if (v.hasType(TYPES.INTEGER())) {
            g.writeNumber(v.asLong());
        } else if (v.hasType(TYPES.FLOAT())) {
            double d = v.asDouble();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                typed(g, "$double", Double.toString(d));
            }
        } else if (v.hasType(TYPES.BOOLEAN())) {
            g.writeBoolean(v.asBoolean());
        } else if (v.hasType(TYPES.LIST())) {
            g.writeStartArray();
            for (Value item : v.values()) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (v.hasType(TYPES.DATE_TIME())) {
            typed(g, "$datetime", v.asZonedDateTime().toString());
        } else if (v.hasType(TYPES.DATE())) {
            typed(g, "$date", v.asLocalDate().toString());
        } else if (v.hasType(TYPES.LOCAL_DATE_TIME())) {
            typed(g, "$localdatetime", v.asLocalDateTime().toString());
        } else if (v.hasType(TYPES.TIME())) {
            typed(g, "$time", v.asOffsetTime().toString());
        } else if (v.hasType(TYPES.LOCAL_TIME())) {
            typed(g, "$localtime", v.asLocalTime().toString());
        } else if (v.hasType(TYPES.BYTES())) {
            typed(g, "$bytes", Base64.getEncoder().encodeToString(v.asByteArray()));
        } else if (v.hasType(TYPES.DURATION())) {
            IsoDuration d = v.asIsoDuration();
            g.writeStartObject();
            g.writeFieldName("$duration");
            g.writeStartArray();
            g.writeNumber(d.months());
            g.writeNumber(d.days());
            g.writeNumber(d.seconds());
            g.writeNumber(d.nanoseconds());
            g.writeEndArray();
            g.writeEndObject();
        } else if (v.hasType(TYPES.POINT())) {
            Point p = v.asPoint();
            g.writeStartObject();
            g.writeFieldName("$point");
            g.writeStartArray();
            g.writeNumber(p.srid());
            g.writeNumber(p.x());
            g.writeNumber(p.y());
            if (!Double.isNaN(p.z())) {
                g.writeNumber(p.z());
            }
            g.writeEndArray();
            g.writeEndObject();
        } else {
            throw new IllegalStateException("A property of type " + v.type().name() + " cannot be exported");
        }
    }

    private static void typed(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField(name, value);
        g.writeEndObject();
    }

    /** Reads a properties object back into values the driver sends as parameters; {@code where} names errors. */
    static Map<String, Object> readProperties(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidInput(where, "'properties' must be a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), read(f.getValue(), where));
        }
        return out;
    }

    static Object read(JsonNode n, String where) {
        try {
            if (n.isTextual()) {
                return n.textValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isIntegralNumber()) {
                if (!n.canConvertToLong()) {
                    throw new InvalidInput(where, "the integer " + n + " does not fit a property");
                }
                return n.longValue();
            }
            if (n.isNumber()) {
                return n.doubleValue();
            }
            if (n.isArray()) {
                List<Object> items = new ArrayList<>(n.size());
                n.forEach(item -> items.add(read(item, where)));
                return items;
            }
            if (n.isObject() && n.size() == 1) {
                String type = n.fieldNames().next();
                JsonNode v = n.get(type);
                return switch (type) {
                    case "$datetime" -> ZonedDateTime.parse(v.textValue());
                    case "$date" -> LocalDate.parse(v.textValue());
                    case "$localdatetime" -> LocalDateTime.parse(v.textValue());
                    case "$time" -> OffsetTime.parse(v.textValue());
                    case "$localtime" -> LocalTime.parse(v.textValue());
                    case "$bytes" -> Base64.getDecoder().decode(v.textValue());
                    case "$double" -> Double.parseDouble(v.textValue());
                    case "$duration" -> Values.isoDuration(v.get(0).longValue(), v.get(1).longValue(),
                            v.get(2).longValue(), v.get(3).intValue()).asIsoDuration();
                    case "$point" -> v.size() == 4
                            ? Values.point(v.get(0).intValue(), v.get(1).doubleValue(), v.get(2).doubleValue(),
                            v.get(3).doubleValue()).asPoint()
                            : Values.point(v.get(0).intValue(), v.get(1).doubleValue(), v.get(2).doubleValue())
                            .asPoint();
                    default -> throw new InvalidInput(where, "unknown value type '" + type + "'");
                };
            }
        } catch (RuntimeException e) {
            if (e instanceof InvalidInput) {
                throw e;
            }
            throw new InvalidInput(where, "a property value cannot be read: " + n + " (" + e.getMessage() + ")");
        }
        throw new InvalidInput(where, "a property value cannot be read: " + n);
    }
}
