package io.pedigree.web.graph;

/**
 * Neighbours of one node, all of one kind on one side of it, drawn as a single box with a count so a large
 * neighbourhood reads as a picture rather than a hairball.
 *
 * @param id       stable across requests, {@code <parentKey>|<kind>|<upstream|downstream>}: the value of an
 *                 {@code expand} query parameter
 * @param parent   the key of the node whose neighbours these are
 * @param kind     the kind of every member
 * @param upstream whether the members are what the parent was made from (otherwise what was made from it)
 * @param members  how many nodes the box stands for
 * @param beyond   how many more nodes are hidden because they are reached only through the members
 */
public record Group(String id, String parent, String kind, boolean upstream, int members, int beyond) {

    static String idOf(String parent, String kind, boolean upstream) {
        return parent + "|" + kind + "|" + (upstream ? "upstream" : "downstream");
    }

    /** "37 datasets", "1 person". */
    String label() {
        return members + " " + plural(kind, members);
    }

    static String plural(String kind, int n) {
        if (n == 1) {
            return kind;
        }
        return kind.equals("person") ? "people" : kind + "s";
    }
}
