package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MLflow's search filter: clauses such as {@code name = 'fraud'}, {@code run_id IN ('a', 'b')},
 * {@code tags.team ILIKE 'risk%'} or, for runs, {@code metrics.auc >= 0.9} joined by AND (MLflow has no OR).
 * Parsed once at the edge into clauses, so a filter the grammar does not allow is a clear 400 rather than a silent
 * miss.
 */
public record Filter(List<Clause> clauses) {

    public static final Filter ALL = new Filter(List.of());

    /** The comparators MLflow's searches accept; the order comparisons only where a grammar allows them. */
    public enum Op { EQ, NE, LIKE, ILIKE, IN, LT, GT, LE, GE }

    /** Keyed scopes of a filter: {@code tags.<key>}, and for runs {@code params.<key>} and {@code metrics.<key>}. */
    public static final String TAGS = "tags";
    public static final String PARAMS = "params";
    public static final String METRICS = "metrics";

    /**
     * What one search accepts: its attributes, its keyed scopes, and whether {@code <}, {@code >}, {@code <=},
     * {@code >=} compare (numbers, as MLflow's run search does).
     */
    public record Grammar(Set<String> attributes, Set<String> scopes, boolean ordered) {
    }

    /** One comparison: an attribute (or {@code tags} with {@code key}), a comparator and its value(s). */
    public record Clause(String attribute, String key, Op op, List<String> values) {

        boolean test(String actual) {
            if (actual == null) {
                return op == Op.NE;
            }
            return switch (op) {
                case EQ -> actual.equals(values.get(0));
                case NE -> !actual.equals(values.get(0));
                case IN -> values.contains(actual);
                case LIKE -> like(values.get(0), false).matcher(actual).matches();
                case ILIKE -> like(values.get(0), true).matcher(actual).matches();
                case LT, GT, LE, GE -> compare(actual, values.get(0));
            };
        }

        private boolean compare(String actual, String value) {
            int c;
            try {
                c = Double.compare(Double.parseDouble(actual), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                c = actual.compareTo(value);
            }
            return switch (op) {
                case LT -> c < 0;
                case GT -> c > 0;
                case LE -> c <= 0;
                default -> c >= 0;
            };
        }
    }

    /** Whether a thing with these attributes and tags matches every clause. */
    public boolean test(Map<String, String> attributes, Map<String, String> tags) {
        for (Clause c : clauses) {
            String actual = c.key() == null ? attributes.get(c.attribute()) : tags.get(c.key());
            if (!c.test(actual)) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code text}; {@code attributes} are the names allowed besides {@code tags.<key>}. */
    public static Filter parse(String text, Set<String> attributes) {
        return parse(text, new Grammar(attributes, Set.of(TAGS), false));
    }

    public static Filter parse(String text, Grammar grammar) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        Lexer in = new Lexer(text);
        List<Clause> clauses = new ArrayList<>();
        do {
            clauses.add(clause(in, grammar));
        } while (in.keyword("AND"));
        if (!in.atEnd()) {
            throw in.error("expected AND or the end of the filter (MLflow filters join clauses with AND only)");
        }
        return new Filter(List.copyOf(clauses));
    }

    private static Clause clause(Lexer in, Grammar grammar) {
        String ident = in.identifier();
        String attribute = ident;
        String key = null;
        int dot = ident.indexOf('.');
        String prefix = dot > 0 ? ident.substring(0, dot) : "";
        String scope = switch (prefix) {
            case "tags", "tag" -> TAGS;
            case "params", "param" -> PARAMS;
            case "metrics", "metric" -> METRICS;
            default -> null;
        };
        if (scope != null && grammar.scopes().contains(scope)) {
            attribute = scope;
            key = unquote(ident.substring(dot + 1));
        } else {
            if (Set.of("attributes", "attribute", "attr", "run").contains(prefix) && grammar.ordered()) {
                attribute = unquote(ident.substring(dot + 1));
            }
            if (!grammar.attributes().contains(attribute)) {
                throw new InvalidInput("filter", "Unknown attribute '" + ident + "' in the filter; expected "
                        + String.join(", ", grammar.attributes().stream().sorted().toList()) + " or "
                        + String.join(", ", grammar.scopes().stream().sorted().map(x -> x + ".<key>").toList()));
            }
        }
        Op op = in.op(grammar.ordered());
        List<String> values = new ArrayList<>();
        if (op == Op.IN) {
            in.expect('(');
            do {
                values.add(in.string());
            } while (in.comma());
            in.expect(')');
        } else {
            values.add(grammar.ordered() ? in.value() : in.string());
        }
        return new Clause(attribute, key, op, List.copyOf(values));
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("`") && s.endsWith("`") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** SQL LIKE: {@code %} any run, {@code _} one character, everything else literal. */
    static Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%' || c == '_') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL | (ignoreCase
                ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    /** Reads the filter's tokens left to right. */
    private static final class Lexer {
        private final String text;
        private int pos;

        Lexer(String text) {
            this.text = text;
        }

        void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean atEnd() {
            skip();
            return pos >= text.length();
        }

        boolean keyword(String word) {
            skip();
            int end = pos + word.length();
            if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                    && (end == text.length() || !isIdent(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        String identifier() {
            skip();
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '`' || c == '"') {
                    int close = text.indexOf(c, pos + 1);
                    if (close < 0) {
                        throw error("unclosed " + c);
                    }
                    pos = close + 1;
                } else if (isIdent(c) || c == '.') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw error("expected an attribute such as name or tags.<key>");
            }
            return text.substring(start, pos);
        }

        Op op(boolean ordered) {
            skip();
            if (text.startsWith("!=", pos)) {
                pos += 2;
                return Op.NE;
            } else if (text.startsWith("==", pos) && ordered) {
                pos += 2;
                return Op.EQ;
            } else if (text.startsWith("=", pos)) {
                pos += 1;
                return Op.EQ;
            } else if (ordered && (text.startsWith("<", pos) || text.startsWith(">", pos))) {
                boolean less = text.charAt(pos) == '<';
                boolean orEqual = text.startsWith("=", pos + 1);
                pos += orEqual ? 2 : 1;
                return less ? (orEqual ? Op.LE : Op.LT) : (orEqual ? Op.GE : Op.GT);
            } else if (keyword("LIKE")) {
                return Op.LIKE;
            } else if (keyword("ILIKE")) {
                return Op.ILIKE;
            } else if (keyword("IN")) {
                return Op.IN;
            }
            throw error("expected a comparator: =, !=, " + (ordered ? "<, >, <=, >=, " : "") + "LIKE, ILIKE or IN");
        }

        /** A quoted string or a bare number, as run filters compare metrics and times with numbers. */
        String value() {
            skip();
            int start = pos;
            while (pos < text.length()
                    && (Character.isDigit(text.charAt(pos)) || "+-.eE".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (pos == start) {
                return string();
            }
            String number = text.substring(start, pos);
            try {
                Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw error("'" + number + "' is not a number");
            }
            return number;
        }

        String string() {
            skip();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error("expected a quoted string value");
            }
            char quote = text.charAt(pos);
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == quote) {
                    // A doubled quote stands for one, as in SQL.
                    if (pos < text.length() && text.charAt(pos) == quote) {
                        out.append(quote);
                        pos++;
                    } else {
                        return out.toString();
                    }
                } else {
                    out.append(c);
                }
            }
            throw error("unclosed string");
        }

        void expect(char c) {
            skip();
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        boolean comma() {
            skip();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                return true;
            }
            return false;
        }

        private static boolean isIdent(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        InvalidInput error(String what) {
            return new InvalidInput("filter", "Cannot read the filter \"" + text + "\" at position " + pos + ": "
                    + what);
        }
    }
}
