package io.pedigree.observability;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What opening an incident takes, checked where it is built: severity, title, description, links, start. */
public record IncidentInput(String severity, String title, String description, List<String> links, Instant start) {

    public static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low");

    public IncidentInput {
        if (severity == null || !SEVERITIES.contains(severity)) {
            throw new InvalidInput("severity", "severity is critical, high, medium or low");
        }
        if (title == null || title.isBlank()) {
            throw new InvalidInput("title", "title says what happened");
        }
        links = links == null ? List.of() : List.copyOf(links);
        for (int i = 0; i < links.size(); i++) {
            String link = links.get(i);
            URI uri;
            try {
                uri = link == null ? null : URI.create(link);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new InvalidInput("links[" + i + "]", "A link is an http or https URL");
            }
        }
    }
}
