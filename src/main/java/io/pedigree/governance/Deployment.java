package io.pedigree.governance;

import java.time.Instant;
import java.util.Map;

/**
 * A deployment and what it served at {@code asOf}: its environment, endpoint and description, and any other
 * property it was recorded with (by a lineage feed, say) under {@code properties}.
 */
public record Deployment(String key, String name, String environment, String endpoint, String description,
                         Map<String, Object> properties, Instant asOf, String serving) {

    public Deployment {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
