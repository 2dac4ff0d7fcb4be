package io.pedigree.observability;

import java.time.Instant;
import java.util.List;

/**
 * A production incident on a deployment, attributed to the version serving when it started ({@code version}, null
 * if nothing served) and to the one that served before it ({@code previousVersion}).
 */
public record Incident(String id, String key, String deployment, String version, String previousVersion,
                       String severity, String title, String description, List<String> links, String status,
                       Instant startedAt, String openedBy, Instant acknowledgedAt, String acknowledgedBy,
                       Instant resolvedAt, String resolvedBy, String resolution) {

    public Incident {
        links = links == null ? List.of() : List.copyOf(links);
    }
}
