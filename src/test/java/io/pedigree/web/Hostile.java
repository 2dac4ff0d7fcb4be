package io.pedigree.web;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;

import java.util.List;
import java.util.Map;

/** A node whose every user string is markup, for the escaping tests. */
final class Hostile {

    static final String NAME = "<script>alert(1)</script>";
    static final String KEY = "dataset:" + NAME + "@v\"1'";
    static final String NOTE = "\"quoted\" <b>bold</b> & 'single' </td><img src=x onerror=alert(2)>";
    static final String OWNER = "person:<svg onload=alert(3)>";

    private Hostile() {
    }

    static void record(Api writer) {
        Lineage.of()
                .nodeBody(Map.of("key", OWNER))
                .nodeBody(Map.of("key", KEY, "owner", OWNER, "properties", Map.of("note", NOTE,
                        "tags", List.of("<i>", "\"x\""), "nested", Map.of("k", "<u>v</u>"))))
                .writeWith(writer);
    }
}
