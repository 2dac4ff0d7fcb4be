package io.pedigree.auth.oidc;

import io.pedigree.error.PedigreeException.Unauthorized;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FederatedPrincipalTest {

    private static final RoleMapping ROLES = RoleMapping.parse("f", "groups", "staff=reader");

    @Test
    void theDisplayNameComesFromNameThenUsernameThenEmailThenTheClient() {
        assertThat(SingleSignOn.principal(Map.of("sub", "a", "name", "Ana", "email", "a@x"), ROLES).name())
                .isEqualTo("oidc:a (Ana)");
        assertThat(SingleSignOn.principal(Map.of("sub", "a", "email", "a@x"), ROLES).name())
                .isEqualTo("oidc:a (a@x)");
        assertThat(SingleSignOn.principal(Map.of("sub", "ci", "azp", "ci-pipeline"), ROLES).name())
                .isEqualTo("oidc:ci (ci-pipeline)");
    }

    @Test
    void aDisplayNameCannotForgeAnotherIdentityOrMarkup() {
        String name = SingleSignOn.principal(Map.of("sub", "a", "name", "x) (oidc:admin <b>\u0007",
                "groups", List.of("staff")), ROLES).name();
        assertThat(name).isEqualTo("oidc:a (x oidc:admin b)");
        assertThat(io.pedigree.auth.Principal.identity(name)).isEqualTo("oidc:a");
    }

    @Test
    void aSubjectWithSpacesOrBracketsIsRefused() {
        assertThatThrownBy(() -> SingleSignOn.principal(Map.of("sub", "a (b)"), ROLES))
                .isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> SingleSignOn.principal(Map.of("name", "no subject"), ROLES))
                .isInstanceOf(Unauthorized.class);
    }
}
