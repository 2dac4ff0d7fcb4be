package io.pedigree.web.graph;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GraphCssTest {

    @Test
    void theStylesheetGivesEveryKindTheSameColoursAsTheDrawing() throws IOException {
        String css = Files.readString(Path.of("static/graph.css"));
        for (KindStyle k : KindStyle.values()) {
            if (k == KindStyle.OTHER) {
                continue;
            }
            String kind = k.name().toLowerCase(Locale.ROOT);
            Matcher m = Pattern.compile("\\.kind-" + kind + " \\.pg-shape \\{ stroke: (#[0-9a-f]{6}); fill: (#[0-9a-f]{6}); }")
                    .matcher(css);
            assertThat(m.find()).as("a rule for kind-%s", kind).isTrue();
            assertThat(m.group(1) + " " + m.group(2)).as(kind).isEqualTo(k.stroke + " " + k.fill);
        }
    }

    @Test
    void everyKindStrokeIsReadableOnItsFillAndOnWhite() {
        for (KindStyle k : KindStyle.values()) {
            assertThat(contrast(k.stroke, k.fill)).as("%s on its fill", k).isGreaterThanOrEqualTo(4.5);
            assertThat(contrast(k.stroke, "#ffffff")).as("%s on white", k).isGreaterThanOrEqualTo(4.5);
            assertThat(contrast(KindStyle.TEXT, k.fill)).as("text on %s", k).isGreaterThanOrEqualTo(7);
        }
        assertThat(contrast(KindStyle.QUARANTINE, KindStyle.DATASET.fill)).isGreaterThanOrEqualTo(4.5);
    }

    /** WCAG 2 contrast ratio of two #rrggbb colours. */
    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
