package io.pedigree.auth.oidc;

import io.pedigree.config.Config;
import io.pedigree.error.PedigreeException.StartupFailure;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcConfigTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_OIDC_ISSUER", "https://login.example.com/tenant/v2.0");
        env.put("PEDIGREE_OIDC_CLIENT_ID", "pedigree");
        env.put("PEDIGREE_OIDC_REDIRECT_URL", "https://pedigree.example.com/signin/oidc/callback");
        env.put("PEDIGREE_OIDC_ROLES", "admins=admin");
        return env;
    }

    @Test
    void withoutAnIssuerSingleSignOnIsOff() {
        OidcConfig c = Config.fromMap(Map.of()).oidc();
        assertThat(c.enabled()).isFalse();
        assertThat(c.tokenSignIn()).isTrue();
    }

    @Test
    void theAudienceDefaultsToTheClientIdAndTheScopesToOpenidProfileEmail() {
        OidcConfig c = Config.fromMap(env()).oidc();
        assertThat(c.enabled()).isTrue();
        assertThat(c.audience()).isEqualTo("pedigree");
        assertThat(c.scopes()).containsExactly("openid", "profile", "email");
        assertThat(c.roles().claim()).isEqualTo("groups");
    }

    @Test
    void aMistakeStopsTheStartNamingTheVariable() {
        for (var bad : Map.of(
                "PEDIGREE_OIDC_CLIENT_ID", "",
                "PEDIGREE_OIDC_REDIRECT_URL", "https://pedigree.example.com/callback",
                "PEDIGREE_OIDC_ISSUER", "http://login.example.com",
                "PEDIGREE_OIDC_ROLES", "admins=root",
                "PEDIGREE_OIDC_SCOPES", "profile email").entrySet()) {
            Map<String, String> env = env();
            env.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> Config.fromMap(env)).as(bad.getKey()).isInstanceOf(StartupFailure.class)
                    .hasMessageStartingWith(bad.getKey());
        }
    }

    @Test
    void plainHttpIsAllowedOnThisMachineOnly() {
        Map<String, String> env = env();
        env.put("PEDIGREE_OIDC_ISSUER", "http://localhost:8080/realms/acme");
        env.put("PEDIGREE_OIDC_REDIRECT_URL", "http://127.0.0.1:7070/signin/oidc/callback");
        assertThat(Config.fromMap(env).oidc().enabled()).isTrue();
    }
}
