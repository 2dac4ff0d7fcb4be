package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Sha256Test {

    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sixtyFourHexDigitsParseAndUppercaseIsNormalisedToLowercase() {
        assertThat(Sha256.parse("sha256", HEX).hex()).isEqualTo(HEX);
        assertThat(Sha256.parse("sha256", HEX.toUpperCase())).isEqualTo(Sha256.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "e3b0",
        HEX + "0",
        "../../../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b78",
        "../e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8/.",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b\u0000",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\\",
        " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b78",
        "\u0663\u0663b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    })
    void anythingButSixtyFourHexDigitsIsInvalidInputNamingTheField(String value) {
        assertThatThrownBy(() -> Sha256.parse("expectedSha256", value))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo("expectedSha256");
                    assertThat(e.detail()).contains("64 hex digits");
                });
    }

    @Test
    void aMissingValueIsInvalidInput() {
        assertThatThrownBy(() -> Sha256.parse("sha256", null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void controlCharactersAreNotEchoedBack() {
        assertThatThrownBy(() -> Sha256.parse("sha256", "..\u0000/"))
                .hasMessageNotContaining("\u0000").hasMessageContaining("4-character value");
    }

    @Test
    void theConstructorAcceptsOnlyTheCanonicalForm() {
        assertThatThrownBy(() -> new Sha256(HEX.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sha256("../" + HEX.substring(3))).isInstanceOf(IllegalArgumentException.class);
    }
}
