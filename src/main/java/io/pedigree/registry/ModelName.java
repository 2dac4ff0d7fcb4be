package io.pedigree.registry;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

import java.util.regex.Pattern;

/** The name of a registered model, as it appears in URLs and in the key {@code model:<name>}. */
public record ModelName(String value) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

    public static ModelName parse(String field, String raw) {
        if (raw == null || !NAME.matcher(raw).matches()) {
            throw new InvalidInput(field, "A model name is 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
        return new ModelName(raw);
    }

    /** The key of the model's family node in the lineage graph. */
    public NodeKey key() {
        return NodeKey.of(Kind.MODEL, value);
    }

    /** The key of version {@code number}. */
    public NodeKey version(int number) {
        return NodeKey.of(Kind.MODEL, value, Integer.toString(number));
    }

    @Override
    public String toString() {
        return value;
    }
}
