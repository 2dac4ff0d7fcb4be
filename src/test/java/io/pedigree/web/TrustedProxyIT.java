package io.pedigree.web;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a TLS-terminating proxy that the server is told to trust, cookies follow the browser's scheme. */
class TrustedProxyIT extends PedigreeIT {

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_TRUST_PROXY", "true");
        return s;
    }

    @Test
    void aBrowserOnHttpsBehindTheProxyGetsSecureCookies() {
        WebClient browser = new WebClient(app).withHeader("X-Forwarded-Proto", "https")
                .withHeader("Origin", "https://127.0.0.1:" + app.port());

        Api.Response r = browser.signIn(TestApp.ADMIN_TOKEN);

        assertThat(WebClient.setCookies(r)).filteredOn(c -> c.startsWith("pedigree_session="))
                .singleElement().asString().contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void aBrowserOnPlainHttpBehindTheProxyGetsCookiesItCanSendBack() {
        WebClient browser = new WebClient(app).withHeader("X-Forwarded-Proto", "http");

        Api.Response r = browser.signIn(TestApp.ADMIN_TOKEN);

        assertThat(WebClient.setCookies(r)).isNotEmpty().noneMatch(c -> c.contains("Secure"));
    }

    @Test
    void aFormFromTheHttpsOriginIsAcceptedAndFromPlainHttpRefusedBehindTheProxy() {
        WebClient https = new WebClient(app).withHeader("X-Forwarded-Proto", "https")
                .withHeader("Origin", "https://127.0.0.1:" + app.port());
        WebClient downgraded = new WebClient(app).withHeader("X-Forwarded-Proto", "https")
                .withHeader("Origin", "http://127.0.0.1:" + app.port());

        assertThat(https.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
        assertThat(downgraded.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(403);
    }
}
