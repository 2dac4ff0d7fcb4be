package io.pedigree.web.graph;

import java.util.function.Function;

/**
 * Where the drawing links to, supplied by the page so each link keeps the view's other query parameters (depth,
 * direction, as-of, expanded groups) and the URL stays shareable. Both functions return a URL that is not yet
 * escaped; the drawing escapes it.
 *
 * @param node   from a node key to the URL of that node's page
 * @param expand from a {@link Group#id() group id} to the URL of this view with that group expanded
 */
public record Links(Function<String, String> node, Function<String, String> expand) {
}
