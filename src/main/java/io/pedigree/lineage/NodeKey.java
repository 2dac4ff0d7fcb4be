package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The stable, human-readable identity of a node: {@code kind:[{namespace}]name[@version]}.
 *
 * <p>Components are NFC-normalized Unicode. {@code /}, {@code :}, spaces and any other character stand as they
 * are, except these, which are percent-encoded as UTF-8 ({@code %XX}): {@code %}, <code>{</code>,
 * <code>}</code>, control characters, and {@code @} wherever it is not the version separator (in versioned
 * kinds; unversioned kinds such as {@code person} have no version, so {@code person:ana@acme.com} is a name).
 * The optional namespace carries an OpenLineage namespace beside its name:
 * {@code dataset:{postgres://db:5432}public.transactions@2026-10-01}. Parsing accepts any valid escape and
 * {@link #toString()} gives the one canonical form, which is what is stored.
 *
 * <p>A value class rather than a record only so that it can keep its canonical form: keys are compared, sorted,
 * hashed into maps and sent as parameters many times each while a group of events is applied, and rebuilding
 * the text every time was the largest single part of that work in Java.
 */
public final class NodeKey {

    public static final int MAX_LENGTH = 2048;

    private final Kind kind;
    private final String namespace;
    private final String name;
    private final String version;
    private final String canonical;

    public NodeKey(Kind kind, String namespace, String name, String version) {
        if (kind == null) {
            throw new IllegalArgumentException("kind");
        }
        this.kind = kind;
        this.name = component("name", name, true);
        this.namespace = component("namespace", namespace, false);
        this.version = component("version", version, false);
        if (this.version != null && !kind.versioned()) {
            throw new InvalidInput("key", "A " + kind.id() + " has no versions");
        }
        this.canonical = canonical(kind, this.namespace, this.name, this.version);
    }

    /** A key whose components are normalized and checked already: another key's, with the version changed. */
    private NodeKey(NodeKey of, String version) {
        this.kind = of.kind;
        this.namespace = of.namespace;
        this.name = of.name;
        this.version = version;
        this.canonical = canonical(kind, namespace, name, version);
    }

    public Kind kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public static NodeKey of(Kind kind, String name) {
        return new NodeKey(kind, null, name, null);
    }

    public static NodeKey of(Kind kind, String name, String version) {
        return new NodeKey(kind, null, name, version);
    }

    /** Parses a key given by a client, reporting problems against {@code field}. */
    public static NodeKey parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput(field, "A key is required, like dataset:transactions@2026-10-01");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidInput(field, "A key may be at most " + MAX_LENGTH + " characters long");
        }
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInput(field, "A key starts with its kind and a colon, like dataset:transactions; got '"
                    + raw + "'");
        }
        Kind kind = Kind.parse(field, raw.substring(0, colon));
        String body = raw.substring(colon + 1);
        String namespace = null;
        if (body.startsWith("{")) {
            int close = body.indexOf('}');
            if (close < 0) {
                throw new InvalidInput(field, "The namespace opened with '{' is not closed with '}'");
            }
            namespace = decode(field, body.substring(1, close));
            body = body.substring(close + 1);
        }
        String version = null;
        if (kind.versioned()) {
            int at = body.indexOf('@');
            if (at >= 0) {
                version = decode(field, body.substring(at + 1));
                body = body.substring(0, at);
                if (version.isEmpty()) {
                    throw new InvalidInput(field, "The version after '@' is empty");
                }
            }
        }
        for (char c : new char[] {'{', '}'}) {
            if (body.indexOf(c) >= 0) {
                throw new InvalidInput(field, "'" + c + "' in a name must be escaped as " + escape(c));
            }
        }
        String name = decode(field, body);
        try {
            return new NodeKey(kind, namespace, name, version);
        } catch (InvalidInput e) {
            throw new InvalidInput(field, e.detail());
        }
    }

    /**
     * The identity properties a node with this key is stored with (key, kind, name and its lower-case copy for
     * search, namespace, version, family), the same whichever writer creates it: the batch API or OpenLineage.
     */
    public java.util.Map<String, Object> storedIdentity() {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("key", toString());
        m.put("kind", kind.id());
        m.put("name", name);
        m.put("nameLower", name.toLowerCase(java.util.Locale.ROOT));
        if (namespace != null) {
            m.put("namespace", namespace);
        }
        if (version != null) {
            m.put("version", version);
        }
        family().ifPresent(f -> m.put("family", f.toString()));
        return m;
    }

    public boolean isVersion() {
        return version != null;
    }

    /** The unversioned node this version belongs to, if this is a version. */
    public Optional<NodeKey> family() {
        return version == null ? Optional.empty() : Optional.of(new NodeKey(this, null));
    }

    /** Whether content recorded under this key is fixed once written. */
    public boolean immutable() {
        return kind.immutable() && (version != null || !kind.versioned());
    }

    public NodeKey withVersion(String v) {
        return new NodeKey(kind, namespace, name, v);
    }

    /** The canonical form, which is what is stored. */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        // The canonical form is one-to-one with the components: escapes keep the separators apart.
        return o == this || o instanceof NodeKey k && canonical.equals(k.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    private static String canonical(Kind kind, String namespace, String name, String version) {
        StringBuilder out = new StringBuilder(kind.id().length() + name.length() + 40).append(kind.id()).append(':');
        if (namespace != null) {
            out.append('{').append(encode(namespace, true)).append('}');
        }
        out.append(encode(name, kind.versioned()));
        if (version != null) {
            out.append('@').append(encode(version, true));
        }
        return out.toString();
    }

    private static String component(String what, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidInput("key", "The " + what + " is required");
            }
            return null;
        }
        String v = Normalizer.normalize(value, Normalizer.Form.NFC);
        if (v.isEmpty()) {
            if (required) {
                throw new InvalidInput("key", "The " + what + " is empty");
            }
            throw new InvalidInput("key", "The " + what + " is empty; leave it out instead");
        }
        if (!v.strip().equals(v)) {
            throw new InvalidInput("key", "The " + what + " '" + v + "' starts or ends with white space");
        }
        return v;
    }

    private static String encode(String value, boolean escapeAt) {
        // Most keys need no escape, so skip the copy.
        int first = 0;
        while (first < value.length() && !escaped(value.charAt(first), escapeAt)) {
            first++;
        }
        if (first == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped(c, escapeAt)) {
                out.append(escape(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean escaped(char c, boolean escapeAt) {
        return c == '%' || c == '{' || c == '}' || (escapeAt && c == '@') || Character.isISOControl(c);
    }

    private static String escape(char c) {
        StringBuilder out = new StringBuilder();
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static String decode(String field, String value) {
        if (value.indexOf('%') < 0) {
            checkRaw(field, value);
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new InvalidInput(field, "Incomplete escape at the end of '" + value
                            + "'; use %XX with two hex digits (a literal % is %25)");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidInput(field, "Malformed escape at position " + i + " of '" + value
                            + "'; use %XX with two hex digits (a literal % is %25)");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                flush(field, bytes, out);
                checkRaw(field, String.valueOf(c));
                out.append(c);
                i++;
            }
        }
        flush(field, bytes, out);
        return out.toString();
    }

    private static void checkRaw(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInput(field, "Control characters in a key must be percent-encoded");
            }
        }
    }

    private static void flush(String field, ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new InvalidInput(field, "An escape in the key is not valid UTF-8");
        }
        bytes.reset();
    }
}
