package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.registry.Stage;

import java.util.Locale;

/** MLflow's stage names (None, Staging, Production, Archived) against Pedigree's stages. */
public final class Stages {

    private Stages() {
    }

    /** Pedigree's development stage is MLflow's None: registered, not yet staged. */
    public static String name(Stage s) {
        return switch (s) {
            case DEVELOPMENT -> "None";
            case STAGING -> "Staging";
            case PRODUCTION -> "Production";
            case ARCHIVED -> "Archived";
        };
    }

    public static Stage parse(String field, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "none" -> Stage.DEVELOPMENT;
            case "staging" -> Stage.STAGING;
            case "production" -> Stage.PRODUCTION;
            case "archived" -> Stage.ARCHIVED;
            default -> throw new InvalidInput(field, "Unknown stage '" + value
                    + "'; expected None, Staging, Production or Archived");
        };
    }
}
