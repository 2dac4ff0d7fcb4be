package io.pedigree.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Limits;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Applies the input rules to every token of a request body as it is read, whatever type the body is bound to, so
 * no route can forget them: every string and field name follows {@link Limits#checkText}, and every number fits a
 * double (a {@code 1e400} would otherwise be bound as Infinity and stored as the text "Infinity"). Errors name the
 * field by its path, as {@code nodes[1].properties.notes}.
 */
final class CheckedParser extends JsonParserDelegate {

    private final Limits limits;

    CheckedParser(JsonParser in, Limits limits) {
        super(in);
        this.limits = limits;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken t;
        try {
            t = delegate.nextToken();
        } catch (StreamReadException e) {
            String m = e.getOriginalMessage();
            if (m != null && m.startsWith("Non-standard token")) {
                throw new InvalidInput(path(true), "Numbers must be finite: NaN and Infinity are not JSON numbers");
            }
            throw e;
        }
        if (t == JsonToken.FIELD_NAME) {
            limits.checkText(path(false), delegate.currentName());
        } else if (t == JsonToken.VALUE_STRING) {
            limits.checkText(path(false), delegate.getText());
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT
                && delegate.getNumberType() == NumberType.BIG_INTEGER) {
            if (!Double.isFinite(delegate.getDoubleValue())) {
                throw new InvalidInput(path(false), "'" + path(false) + "' is too large: numbers must fit a"
                        + " double (about 1.8e308)");
            }
        }
        return t;
    }

    // The delegate's own versions would read past this class's checks.
    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken t = currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken n = nextToken();
            if (n == null) {
                return this;
            } else if (n.isStructStart()) {
                open++;
            } else if (n.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    /** The path of the current token as the API names fields; {@code pending} when the value has not started. */
    private String path(boolean pending) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = delegate.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, pending ? c.getCurrentIndex() + 1 : c.getCurrentIndex()) + "]");
            }
        }
        String p = String.join("", parts);
        p = p.startsWith(".") ? p.substring(1) : p;
        return p.isEmpty() ? "body" : p;
    }
}
