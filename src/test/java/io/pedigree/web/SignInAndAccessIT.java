package io.pedigree.web;

import com.fasterxml.jackson.databind.JsonNode;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in, sessions and who may see which page, over plain HTTP. */
class SignInAndAccessIT extends PedigreeIT {

    @Test
    void aPageAskedForWithoutSigningInRedirectsToTheSignInFormAndBack() {
        WebClient browser = new WebClient(app);

        Api.Response r = browser.get("/search?q=fraud&kind=model");

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/signin?next=%2Fsearch%3Fq%3Dfraud%26kind%3Dmodel");
        Api.Response form = browser.get("/signin?next=%2Fsearch%3Fq%3Dfraud%26kind%3Dmodel");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"next\" value=\"/search?q=fraud&amp;kind=model\"");
        Api.Response signedIn = browser.post("/signin", Map.of("csrf", WebClient.csrfOf(form),
                "token", TestApp.ADMIN_TOKEN, "next", "/search?q=fraud&kind=model"));
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/search?q=fraud&kind=model");
        assertThat(browser.get("/search?q=fraud&kind=model").status()).isEqualTo(200);
    }

    @Test
    void withoutAnIdentityProviderThereIsNoSingleSignOn() {
        WebClient browser = new WebClient(app);
        Api.Response form = browser.get("/signin");
        assertThat(form.body()).contains("id=\"token\"").doesNotContain("id=\"sso\"", "/signin/oidc");
        assertThat(browser.get("/signin/oidc").status()).isEqualTo(404);
        assertThat(browser.get("/signin/oidc/callback?code=x&state=y").status()).isEqualTo(404);
        // A JWT-shaped bearer is just an unknown Pedigree token.
        assertThat(admin.as("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/api/v1/whoami").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil.example",
            "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1", " /x", "/signin?next=//evil.example", "evil.example"})
    void signingInNeverRedirectsOffTheSite(String next) {
        WebClient browser = new WebClient(app);
        String csrf = WebClient.csrfOf(browser.get("/signin"));

        Api.Response r = browser.post("/signin", Map.of("csrf", csrf, "token", TestApp.ADMIN_TOKEN, "next", next));

        assertThat(r.status()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("redirect for next=%s", next).satisfiesAnyOf(
                l -> assertThat(l).isEqualTo("/"),
                l -> assertThat(l).isEqualTo(next).startsWith("/").doesNotStartWith("//"));
        assertThat(location).doesNotContain("evil.example");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedToTheSite() {
        WebClient browser = new WebClient(app);

        Api.Response r = browser.signIn(TestApp.ADMIN_TOKEN);

        String cookie = WebClient.setCookies(r).stream().filter(c -> c.startsWith("pedigree_session="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/")
                .doesNotContain("Secure");
        assertThat(browser.cookie("pedigree_session")).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void aForwardedProtoHeaderIsIgnoredUnlessTheProxyIsTrusted() {
        WebClient browser = new WebClient(app).withHeader("X-Forwarded-Proto", "https");

        Api.Response r = browser.signIn(TestApp.ADMIN_TOKEN);

        assertThat(WebClient.setCookies(r)).isNotEmpty().noneMatch(c -> c.contains("Secure"));
    }

    @Test
    void onlyAHashOfTheSessionIdIsStored() {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);
        String id = browser.cookie("pedigree_session");

        var rows = io.pedigree.testing.Graph.rows("MATCH (s:WebSession) RETURN s.idHash AS h, s.principal AS p");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("h").asString()).hasSize(64).isNotEqualTo(id);
        assertThat(rows.get(0).get("p").asString()).isEqualTo("admin");
        assertThat(io.pedigree.testing.Graph.count("MATCH (s:WebSession) WHERE any(k IN keys(s) WHERE s[k] = $id)"
                + " RETURN count(s) AS c", "id", id)).isZero();
    }

    @Test
    void aWrongTokenIsRefusedOnTheFormWithoutASession() {
        WebClient browser = new WebClient(app);
        String csrf = WebClient.csrfOf(browser.get("/signin"));

        Api.Response r = browser.post("/signin", Map.of("csrf", csrf, "token", "pdg_not-a-token", "next", "/"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("That token was not accepted");
        assertThat(browser.cookie("pedigree_session")).isNull();
    }

    @Test
    void signingInAndOutWithATokenIsAuditedWithTheTokensPrincipal() {
        Api ana = admin.withNewToken("ana", "reader");
        WebClient browser = new WebClient(app);
        browser.signIn(ana.token());
        String csrf = WebClient.csrfOf(browser.get("/"));
        assertThat(browser.post("/signout", Map.of("csrf", csrf)).status()).isEqualTo(303);

        List<String> events = new ArrayList<>();
        for (JsonNode e : admin.get("/api/v1/audit?limit=100").json().get("items")) {
            events.add(e.get("action").asText() + " by " + e.get("actor").asText() + " on "
                    + e.get("target").asText());
        }
        assertThat(events).contains("session.signin by ana on principal:ana", "session.signout by ana on principal:ana");
        assertThat(admin.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);
        String session = browser.cookie("pedigree_session");
        String csrf = WebClient.csrfOf(browser.get("/"));

        Api.Response out = browser.post("/signout", Map.of("csrf", csrf));

        assertThat(out.status()).isEqualTo(303);
        assertThat(browser.cookie("pedigree_session")).isNull();
        // A copy of the old cookie no longer opens anything.
        WebClient thief = new WebClient(app);
        thief.setCookie("pedigree_session", session);
        assertThat(thief.get("/").status()).isEqualTo(303);
    }

    @Test
    void revokingTheTokenEndsItsSessionsAtOnce() {
        Api.Response issued = admin.post("/api/v1/admin/tokens", Map.of("principal", "ben", "roles",
                java.util.List.of("reader")));
        String token = issued.json().get("token").asText();
        String id = issued.json().get("info").path("id").asText(issued.json().path("id").asText());
        WebClient browser = new WebClient(app);
        browser.signIn(token);
        assertThat(browser.get("/").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/admin/tokens/" + id).status()).isBetween(200, 204);

        Api.Response after = browser.get("/");
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/signin?next=%2F");
    }

    @Test
    void theSignedInNameShowsInTheHeader() {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);

        Api.Response home = browser.get("/");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("<span class=\"account__name\">admin</span>").contains("Sign out");
    }

    @Test
    void aFormPostWithoutTheFormTokenIsRefused() {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);

        Api.Response none = browser.post("/signout", Map.of());
        Api.Response wrong = browser.post("/signout", Map.of("csrf", "x".repeat(43)));

        assertThat(none.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.contentType()).startsWith("text/html");
        assertThat(wrong.body()).contains("Forbidden").contains("Reload the page");
        // Still signed in: the refused post did nothing.
        assertThat(browser.get("/").status()).isEqualTo(200);
    }

    @Test
    void theSignInFormItselfNeedsTheFormTokenOfThisBrowser() {
        WebClient victim = new WebClient(app);
        victim.get("/signin");

        // A page elsewhere can post to the form but cannot know the browser's form token.
        Api.Response forged = victim.post("/signin", Map.of("token", TestApp.ADMIN_TOKEN, "next", "/"));
        Api.Response guessed = victim.post("/signin", Map.of("csrf", "A".repeat(43), "token", TestApp.ADMIN_TOKEN));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(guessed.status()).isEqualTo(403);
        assertThat(victim.cookie("pedigree_session")).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"https://evil.example", "null",
            "http://127.0.0.1.evil.example", "https://127.0.0.1"})
    void aFormPostFromAnotherOriginIsRefusedEvenWithTheFormToken(String origin) {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);
        String csrf = WebClient.csrfOf(browser.get("/"));

        Api.Response r = browser.withHeader("Origin", origin).post("/signout", Map.of("csrf", csrf));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("Forbidden").contains("own pages");
        assertThat(browser.withoutHeader("Origin").get("/").status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void withoutOriginTheRefererDecidesAndWithNeitherTheFormIsRefused() {
        WebClient browser = new WebClient(app);
        String csrf = WebClient.csrfOf(browser.get("/signin"));
        String own = "http://127.0.0.1:" + app.port();

        browser.withoutHeader("Origin").withHeader("Referer", "https://evil.example/signin");
        assertThat(browser.post("/signin", Map.of("csrf", csrf, "token", TestApp.ADMIN_TOKEN)).status())
                .isEqualTo(403);
        browser.withoutHeader("Referer");
        assertThat(browser.post("/signin", Map.of("csrf", csrf, "token", TestApp.ADMIN_TOKEN)).status())
                .isEqualTo(403);
        assertThat(browser.cookie("pedigree_session")).isNull();

        browser.withHeader("Referer", own + "/signin?next=%2F");
        assertThat(browser.post("/signin", Map.of("csrf", csrf, "token", TestApp.ADMIN_TOKEN)).status())
                .isEqualTo(303);
    }

    @Test
    void aFormCannotTunnelAnotherMethodNorCarryTooLongAField() {
        WebClient browser = new WebClient(app);
        browser.signIn(TestApp.ADMIN_TOKEN);
        String csrf = WebClient.csrfOf(browser.get("/"));

        assertThat(browser.post("/signout", Map.of("csrf", csrf, "_method", "DELETE")).status()).isEqualTo(400);
        assertThat(browser.post("/signout", Map.of("csrf", csrf, "next", "n".repeat(20_000))).status())
                .isEqualTo(413);
        assertThat(browser.get("/").status()).as("still signed in").isEqualTo(200);
    }
}
