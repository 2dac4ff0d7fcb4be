package io.pedigree.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads an MLflow request into a record, the way MLflow's clients send it: JSON bodies on POST and PATCH (and on
 * DELETE from Python), query parameters on GET, repeated for lists ({@code stages=A&stages=B}); int64 fields may
 * be strings ({@code "timestamp": "1700000000000"}); fields this server does not use (like the deprecated
 * {@code run_uuid}) are ignored, as protobuf parsers do.
 */
final class MlflowArgs {

    private final ObjectMapper lenient;

    MlflowArgs(ObjectMapper json) {
        this.lenient = json.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    <T> T read(Context ctx, Class<T> type) {
        ObjectNode args;
        byte[] body = ctx.bodyAsBytes();
        try {
            JsonNode parsed = body.length == 0 ? null : lenient.readTree(body);
            if (parsed != null && !parsed.isNull() && !parsed.isObject()) {
                throw new InvalidInput("body", "The body must be a JSON object");
            }
            args = parsed == null || parsed.isNull() ? lenient.createObjectNode() : (ObjectNode) parsed;
        } catch (IOException e) {
            throw new InvalidInput("body", "The body is not valid JSON");
        }
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            if (q.getValue().size() == 1) {
                args.put(q.getKey(), q.getValue().get(0));
            } else {
                ArrayNode list = args.putArray(q.getKey());
                q.getValue().forEach(list::add);
            }
        }
        try {
            return lenient.treeToValue(args, type);
        } catch (IOException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    && m.getPath().get(0).getFieldName() != null ? m.getPath().get(0).getFieldName() : "body";
            throw new InvalidInput(field, "'" + field + "' does not have the type MLflow's API gives it");
        }
    }
}
