package io.pedigree.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Browser;
import io.pedigree.testing.Idp;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A person in Chromium signs in through the identity provider, lands on the page they asked for, and signs out. */
class SingleSignOnBrowserIT extends PedigreeIT {

    private Idp idp;
    private int port;
    private Browser browser;

    @Override
    protected Map<String, String> settings() {
        idp = Idp.start();
        port = Idp.freePort();
        return idp.settings(port);
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void stopAll() {
        if (browser != null) {
            browser.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void signsInAtTheProviderLandsOnThePageAskedForShowsTheRoleAndSignsOutThere() {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();

        browser.open(url("/audit"));
        assertThat(d.getCurrentUrl()).contains("/signin?next=%2Faudit");
        d.findElement(By.id("sso")).click();

        // The provider's own login form, on another site.
        browser.awaitUrl(u -> u.startsWith(idp.issuer() + "/authorize"));
        d.findElement(By.name("username")).sendKeys("ana");
        d.findElement(By.name("claims")).sendKeys("{\"name\": \"Ana Lopez\", \"groups\": [\"risk\", \"staff\"]}");
        d.findElement(By.cssSelector("input[type=submit]")).click();

        browser.awaitUrl(u -> u.equals(url("/audit")));
        assertThat(d.findElement(By.cssSelector(".account__name")).getText()).isEqualTo("Ana Lopez");
        assertThat(d.findElement(By.cssSelector(".account__roles")).getText()).isEqualTo("approver");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).containsIgnoringCase("audit");
        browser.screenshot("sso-signed-in");

        d.findElement(By.cssSelector(".account form button")).click();
        // Through the provider's end-session endpoint and back.
        browser.awaitUrl(u -> u.equals(url("/signin?signedOut=true")));
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("You are signed out.");

        browser.open(url("/audit"));
        assertThat(d.getCurrentUrl()).contains("/signin?next=%2Faudit");

        List<String> events = new ArrayList<>();
        for (JsonNode e : admin.get("/api/v1/audit?limit=100").json().get("items")) {
            events.add(e.get("action").asText() + " by " + e.get("actor").asText());
        }
        assertThat(events).contains("session.signin by oidc:ana (Ana Lopez)", "session.signout by oidc:ana (Ana Lopez)");
    }
}
