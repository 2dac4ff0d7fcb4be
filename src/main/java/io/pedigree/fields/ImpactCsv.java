package io.pedigree.fields;

import io.pedigree.audit.Csv;

import java.util.Arrays;

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

    private static void row(StringBuilder out, String... cells) {
        out.append(Csv.row(Arrays.asList(cells)));
    }
}
