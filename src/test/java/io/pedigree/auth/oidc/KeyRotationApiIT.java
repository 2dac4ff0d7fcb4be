package io.pedigree.auth.oidc;

import com.nimbusds.jose.jwk.RSAKey;
import io.pedigree.testing.Api;
import io.pedigree.testing.Idp;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.RotatingIdp;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.RotatingIdp.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole app, started before the provider rotates its keys: a pipeline's token signed with a key added later
 * works on the API at once, and one signed with a removed key stops working once the cached set is 5 minutes old
 * by the app's clock.
 */
class KeyRotationApiIT extends PedigreeIT {

    private static final String AUDIENCE = "pedigree-api";

    private final MutableClock clock = new MutableClock();
    private RotatingIdp idp;
    private int port;

    @Override
    protected Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> settings() {
        idp = RotatingIdp.start();
        port = Idp.freePort();
        Map<String, String> env = new HashMap<>(TestApp.settings());
        env.put("PEDIGREE_PORT", Integer.toString(port));
        env.put("PEDIGREE_OIDC_ISSUER", idp.issuer());
        env.put("PEDIGREE_OIDC_CLIENT_ID", Idp.CLIENT_ID);
        env.put("PEDIGREE_OIDC_CLIENT_SECRET", Idp.CLIENT_SECRET);
        env.put("PEDIGREE_OIDC_REDIRECT_URL", "http://127.0.0.1:" + port + "/signin/oidc/callback");
        env.put("PEDIGREE_OIDC_ROLES", Idp.ROLES);
        env.put("PEDIGREE_OIDC_AUDIENCE", AUDIENCE);
        return env;
    }

    @AfterAll
    void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    private Api.Response whoami(String token) {
        return new Api("http://127.0.0.1:" + port, token).get("/api/v1/whoami");
    }

    @Test
    void theApiTakesTokensSignedWithKeysRotatedInAfterStartAndRefusesRemovedOnes() {
        RSAKey first = key("2026-01");
        idp.publish(first);
        assertThat(whoami(idp.accessToken(first, AUDIENCE)).json().get("principal").asText()).startsWith("oidc:ci");

        RSAKey second = key("2026-02");
        idp.publish(first, second);
        assertThat(whoami(idp.accessToken(second, AUDIENCE)).status()).isEqualTo(200);

        idp.publish(second);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertProblem(whoami(idp.accessToken(first, AUDIENCE)), 401);
        assertThat(whoami(idp.accessToken(second, AUDIENCE)).status()).isEqualTo(200);
    }
}
