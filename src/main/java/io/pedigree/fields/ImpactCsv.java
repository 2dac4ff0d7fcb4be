package io.pedigree.fields;

/**
 * A field's impact as RFC 4180 CSV, one row per deployment, model version and derived field, in the answer's
 * order (deployments first, production first).
 */
public final class ImpactCsv {

    private ImpactCsv() {
    }

    public static String write(FieldGraph.Impact impact) {
        StringBuilder out = new StringBuilder("kind,key,depth,environment,serves,owners,via\r\n");
        for (FieldGraph.AffectedDeployment d : impact.deployments()) {
            row(out, "deployment", d.deployment(), "", d.environment(), String.join(" ", d.serves()),
                    String.join(" ", d.owners()), "");
        }
        for (FieldGraph.AffectedModel m : impact.models()) {
            row(out, "model", m.version(), "", "", "", "", String.join(" ", m.via()));
        }
        for (FieldGraph.FieldNode f : impact.fields()) {
            row(out, "field", f.key(), Integer.toString(f.depth()), "", "", "", "");
        }
        return out.toString();
    }

    /** Cells a spreadsheet would run as a formula get an apostrophe first: keys come from whoever feeds the graph. */
    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0) {
                c = "'" + c;
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            out.append(i == 0 ? "" : ",").append(c);
        }
        out.append("\r\n");
    }
}
