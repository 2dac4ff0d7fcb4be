package io.pedigree.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.InvalidInput;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.SortItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a parsed MLflow filter and {@code order_by} as Cypher-DSL on one node, every value a parameter, so a
 * search filters, sorts and pages in the database. Tags and parameters are JSON objects stored on the node and are
 * matched with a regular expression over that JSON; metrics are numbers under {@code metric.<key>}.
 */
final class FilterCypher {

    private static final ObjectMapper JSON = new ObjectMapper();
    // One character of a JSON string's content as stored: a plain character or an escape.
    private static final String JSON_CHAR = "(?:[^\"\\\\]|\\\\.)";

    /**
     * Where a search's names live on its node: attributes compared as strings and as numbers (property names), the
     * properties holding the JSON of each keyed scope (tags, params), and the property prefix of metrics (or null).
     */
    record Columns(Map<String, String> strings, Map<String, String> numbers, Map<String, String> json,
                   String metricPrefix) {
    }

    private FilterCypher() {
    }

    static Condition where(Filter filter, Node n, Columns columns) {
        Condition all = Cypher.noCondition();
        for (int i = 0; i < filter.clauses().size(); i++) {
            all = all.and(clause(filter.clauses().get(i), n, columns, "f" + i));
        }
        return all;
    }

    private static Condition clause(Filter.Clause c, Node n, Columns columns, String p) {
        if (c.key() == null && columns.numbers().containsKey(c.attribute())) {
            return numeric(c, n.property(columns.numbers().get(c.attribute())), p);
        }
        if (c.key() == null) {
            return string(c, n.property(columns.strings().get(c.attribute())), p);
        }
        if (c.attribute().equals(Filter.METRICS)) {
            Expression metric = Cypher.property(n.getRequiredSymbolicName(),
                    Cypher.parameter(p + "k", columns.metricPrefix() + c.key()));
            return numeric(c, metric, p);
        }
        Expression json = Cypher.coalesce(n.property(columns.json().get(c.attribute())), Cypher.literalOf("{}"));
        return switch (c.op()) {
            case EQ, IN, LIKE, ILIKE -> json.matches(Cypher.parameter(p, pairRegex(c)));
            case NE -> json.matches(Cypher.parameter(p, pairRegex(c))).not();
            default -> throw new InvalidInput("filter", c.attribute() + "." + c.key() + " compares with =, !=, LIKE"
                    + " or ILIKE");
        };
    }

    private static Condition string(Filter.Clause c, Expression e, String p) {
        String v = c.values().get(0);
        return switch (c.op()) {
            case EQ -> e.isEqualTo(Cypher.parameter(p, v));
            case NE -> e.isNull().or(e.isNotEqualTo(Cypher.parameter(p, v)));
            case IN -> e.in(Cypher.parameter(p, c.values()));
            case LIKE -> e.matches(Cypher.parameter(p, "(?s)" + Filter.like(v, false).pattern()));
            case ILIKE -> e.matches(Cypher.parameter(p, "(?isu)" + Filter.like(v, false).pattern()));
            case LT -> e.lt(Cypher.parameter(p, v));
            case GT -> e.gt(Cypher.parameter(p, v));
            case LE -> e.lte(Cypher.parameter(p, v));
            case GE -> e.gte(Cypher.parameter(p, v));
        };
    }

    private static Condition numeric(Filter.Clause c, Expression e, String p) {
        if (c.op() == Filter.Op.IN) {
            return e.in(Cypher.parameter(p, c.values().stream().map(v -> number(c, v)).toList()));
        }
        Expression v = Cypher.parameter(p, number(c, c.values().get(0)));
        return switch (c.op()) {
            case EQ -> e.isEqualTo(v);
            case NE -> e.isNotEqualTo(v);
            case LT -> e.lt(v);
            case GT -> e.gt(v);
            case LE -> e.lte(v);
            case GE -> e.gte(v);
            default -> throw new InvalidInput("filter", name(c) + " is a number: compare it with =, !=, <, >, <= or"
                    + " >=");
        };
    }

    private static Number number(Filter.Clause c, String v) {
        try {
            double d = Double.parseDouble(v);
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Number) (long) d : (Number) d;
        } catch (NumberFormatException e) {
            throw new InvalidInput("filter", name(c) + " is a number, not '" + v + "'");
        }
    }

    private static String name(Filter.Clause c) {
        return c.key() == null ? c.attribute() : c.attribute() + "." + c.key();
    }

    /** A regular expression matching the stored JSON object when it holds the key with a matching value. */
    static String pairRegex(Filter.Clause c) {
        List<String> alternatives = new ArrayList<>();
        for (String v : c.values()) {
            alternatives.add(switch (c.op()) {
                case LIKE -> "\"" + likeInJson(v) + "\"";
                case ILIKE -> "\"(?iu:" + likeInJson(v) + ")\"";
                default -> Pattern.quote(json(v));
            });
        }
        return "(?s).*[{,]" + Pattern.quote(json(c.key())) + ":(?:" + String.join("|", alternatives) + ")[,}].*";
    }

    /** SQL LIKE over a JSON string's escaped content: {@code %} any run of characters, {@code _} one. */
    private static String likeInJson(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '%' || ch == '_') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(content(literal.toString())));
                    literal.setLength(0);
                }
                re.append(ch == '%' ? JSON_CHAR + "*" : JSON_CHAR);
            } else {
                literal.append(ch);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(content(literal.toString())));
        }
        return re.toString();
    }

    /** A string as JSON writes it, quotes included: the same escaping the stored objects have. */
    private static String json(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String content(String s) {
        String j = json(s);
        return j.substring(1, j.length() - 1);
    }

    /**
     * The sort items of MLflow's {@code order_by} ({@code "<name> [ASC|DESC]"}): {@code sortable} maps attribute
     * names to expressions; {@code metrics.<key>} sorts by the metric when the node has metrics.
     */
    static List<SortItem> orderBy(List<String> orderBy, Node n, Map<String, Expression> sortable, Columns columns) {
        List<SortItem> out = new ArrayList<>();
        if (orderBy == null) {
            return out;
        }
        for (int i = 0; i < orderBy.size(); i++) {
            String[] parts = orderBy.get(i).trim().split("\\s+");
            String name = parts[0];
            for (String prefix : List.of("attributes.", "attribute.", "attr.", "run.")) {
                if (name.startsWith(prefix)) {
                    name = name.substring(prefix.length());
                }
            }
            Expression e = sortable.get(name);
            if (e == null && columns.metricPrefix() != null && (name.startsWith("metrics.")
                    || name.startsWith("metric."))) {
                String key = name.substring(name.indexOf('.') + 1).replace("`", "");
                e = Cypher.property(n.getRequiredSymbolicName(), Cypher.parameter("o" + i,
                        columns.metricPrefix() + key));
            }
            if (e == null || parts.length > 2 || (parts.length == 2 && !parts[1].equalsIgnoreCase("ASC")
                    && !parts[1].equalsIgnoreCase("DESC"))) {
                throw new InvalidInput("order_by[" + i + "]", "order_by takes one of "
                        + String.join(", ", sortable.keySet().stream().sorted().toList())
                        + (columns.metricPrefix() == null ? "" : " or metrics.<key>")
                        + ", optionally followed by ASC or DESC");
            }
            out.add(parts.length == 2 && parts[1].equalsIgnoreCase("DESC") ? e.descending() : e.ascending());
        }
        return out;
    }
}
