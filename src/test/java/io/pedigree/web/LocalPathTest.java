package io.pedigree.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/search?q=fraud&kind=model", "/node?key=model:fraud%404", "/node?key=a#top"})
    void pathsOnThisServerAreKept(String next) {
        assertThat(LocalPath.orHome(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "https://evil.example/", "//evil.example", "///evil.example", "/\\evil.example",
            "\\\\evil.example", "http:/evil.example", "javascript:alert(1)", "evil.example/x", " /x", "/x y",
            "/\tx", "/\r\nLocation: x", "/signin?next=/", "/signin"})
    void anythingElseGoesHome(String next) {
        assertThat(LocalPath.orHome(next)).isEqualTo("/");
    }
}
