package io.pedigree.web;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With open reads, read pages open without signing in; sign-in is still there for acting. */
class OpenReadsPagesIT extends PedigreeIT {

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_AUTH_MODE", "open-reads");
        return s;
    }

    @Test
    void readPagesOpenWithoutSigningIn() {
        io.pedigree.testing.Lineage.of().node("dataset:transactions@1").writeWith(admin);
        WebClient browser = new WebClient(app);

        Api.Response home = browser.get("/");
        Api.Response search = browser.get("/search?q=trans");
        Api.Response node = browser.get("/node?key=" + Api.q("dataset:transactions@1"));

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Sign in").doesNotContain("Sign out");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).contains("dataset:transactions@1");
        assertThat(node.status()).isEqualTo(200);
    }

    @Test
    void formsStillNeedTheFormToken() {
        WebClient browser = new WebClient(app);
        browser.get("/");

        assertThat(browser.post("/signin", Map.of("token", TestApp.ADMIN_TOKEN)).status()).isEqualTo(403);
        assertThat(browser.post("/signout", Map.of()).status()).isEqualTo(403);
    }
}
