package io.pedigree.lineage;

import java.util.Locale;

/** What counts as production: a deployment whose {@code environment} starts with "prod" (prod, production, prod-eu). */
public final class Environments {

    private Environments() {
    }

    public static boolean isProduction(Object environment) {
        return environment != null && environment.toString().toLowerCase(Locale.ROOT).startsWith("prod");
    }
}
