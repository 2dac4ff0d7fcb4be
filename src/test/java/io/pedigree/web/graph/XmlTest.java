package io.pedigree.web.graph;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XmlTest {

    @Test
    void scriptTagsBecomeText() {
        assertThat(Xml.escape("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void quotesAndAmpersandsCannotEndAnAttributeOrStartAnEntity() {
        assertThat(Xml.escape("a\"b'c&d")).isEqualTo("a&quot;b&#39;c&amp;d");
        assertThat(Xml.escape("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void theCdataEndMarkerNeverAppears() {
        assertThat(Xml.escape("x]]>y")).isEqualTo("x]]&gt;y").doesNotContain("]]>");
    }

    @Test
    void controlCharactersThatXmlCannotCarryAreReplacedButWhitespaceStays() {
        assertThat(Xml.escape("a\u0000b\u0007c\u001Bd")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(Xml.escape("tab\there\nnew\rline")).isEqualTo("tab\there\nnew\rline");
        assertThat(Xml.escape("\uFFFE\uFFFF")).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void unpairedSurrogatesAreReplacedAndPairsKept() {
        String emoji = "\uD83D\uDE80";
        assertThat(Xml.escape("rocket " + emoji)).isEqualTo("rocket " + emoji);
        assertThat(Xml.escape("lone high \uD83D")).isEqualTo("lone high \uFFFD");
        assertThat(Xml.escape("\uDE80 lone low")).isEqualTo("\uFFFD lone low");
        assertThat(Xml.escape("\uD83D\uD83D\uDE80")).isEqualTo("\uFFFD" + emoji);
    }

    @Test
    void nullIsEmpty() {
        assertThat(Xml.escape(null)).isEmpty();
    }
}
