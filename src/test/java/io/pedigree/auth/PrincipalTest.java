package io.pedigree.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrincipalTest {

    @Test
    void aFederatedPrincipalIsNamedBySubjectAndDisplayName() {
        Principal p = Principal.federated("00u1ab", "Ana Lopez", Set.of(Role.WRITER));
        assertThat(p.name()).isEqualTo("oidc:00u1ab (Ana Lopez)");
        assertThat(p.displayName()).isEqualTo("Ana Lopez");
        assertThat(p.roles()).containsExactlyInAnyOrder(Role.WRITER, Role.READER);
    }

    @Test
    void theIdentityOfARecordedNameIgnoresTheDisplayName() {
        assertThat(Principal.identity("oidc:00u1ab (Ana Lopez)")).isEqualTo("oidc:00u1ab");
        assertThat(Principal.identity("oidc:00u1ab (Ana Okafor)")).isEqualTo("oidc:00u1ab");
        assertThat(Principal.identity("oidc:00u1ab")).isEqualTo("oidc:00u1ab");
        // token principals cannot contain brackets, and are compared whole
        assertThat(Principal.identity("ci bot")).isEqualTo("ci bot");
    }

    @Test
    void withoutADisplayNameTheSubjectIsShown() {
        Principal p = Principal.federated("00u1ab", "", Set.of(Role.READER));
        assertThat(p.name()).isEqualTo("oidc:00u1ab");
        assertThat(p.displayName()).isEqualTo("oidc:00u1ab");
    }
}
