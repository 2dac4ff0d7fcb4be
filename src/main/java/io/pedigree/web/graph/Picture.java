package io.pedigree.web.graph;

import java.util.List;

/** What remains to draw once large neighbourhoods are folded into groups, in a stable order. */
record Picture(String rootId, List<Item> items, List<Connection> connections, List<Group> collapsed,
               List<String> expanded) {
}
