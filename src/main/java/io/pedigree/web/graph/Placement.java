package io.pedigree.web.graph;

import java.util.List;

/** The laid-out picture: a box per item and a polyline per connection, in px, with the overall size. */
record Placement(double width, double height, List<Box> boxes, List<Route> routes) {

    /** Where one item's box sits, top-left corner and size. */
    record Box(Item item, Label label, double x, double y, double w, double h) {

        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    /** The lines of text inside a box, already truncated. */
    record Label(String caption, String name, String version) {
    }

    /** The points of one connection, from the edge of its source box to the edge of its target box. */
    record Route(Connection connection, List<Point> points) {
    }

    record Point(double x, double y) {
    }
}
