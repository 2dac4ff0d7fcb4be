package io.pedigree.api;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestRulesTest {

    @Test
    void percentEncodedUtf8AndPlusDecodeAsForms() {
        assertThat(RequestRules.decode("q", "a+b%20c")).isEqualTo("a b c");
        assertThat(RequestRules.decode("q", "%F0%9F%98%80%C3%BC")).isEqualTo("\uD83D\uDE00ü");
        assertThat(RequestRules.decode("q", "dataset:x@1")).isEqualTo("dataset:x@1");
        assertThat(RequestRules.decode("q", "ü%25")).isEqualTo("ü%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%ED%A0%80", "%FF", "%E2%82", "%C0%AF", "%zz", "%4", "x%", "\uD800"})
    void bytesThatAreNotUtf8OrBrokenEscapesAreRefusedNamingTheParameter(String raw) {
        assertThatThrownBy(() -> RequestRules.decode("key", raw)).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("key");
    }
}
