package io.pedigree.web.graph;

import java.util.List;

/**
 * A drawn lineage graph.
 *
 * @param svg       one {@code <svg>} element, every user string escaped, ready to insert unescaped
 *                  ({@code th:utext}) into the page
 * @param nodes     how many lineage nodes are drawn as themselves
 * @param collapsed the groups drawn as one box each; their ids are what {@code expand=} takes
 * @param expanded  ids of the requested groups that are drawn expanded, for "collapse" links
 */
public record Diagram(String svg, int nodes, List<Group> collapsed, List<String> expanded) {
}
