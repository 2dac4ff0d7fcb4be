package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.testing.Browser;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server with open reads: anyone can browse in Chromium without signing in. */
class OpenReadsBrowserIT extends PedigreeIT {

    private Browser browser;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_AUTH_MODE", "open-reads");
        return s;
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void pagesOpenWithoutSigningIn(TestInfo test) {
        DemoData.load(app.writer());
        WebDriver d = browser.driver();
        String base = "http://127.0.0.1:" + app.port();

        browser.open(base + "/");
        assertThat(d.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(d.findElement(By.cssSelector(".account a")).getText()).isEqualTo("Sign in");
        assertThat(d.findElement(By.cssSelector(".site-footer")).getText()).contains("Open reads");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-home");

        browser.open(base + "/node?key=deployment:fraud-api-prod");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("fraud-api-prod");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-node");

        // Signing in from a page comes back to it.
        d.findElement(By.cssSelector(".account a")).click();
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.awaitUrl(u -> !u.contains("/signin"));
        assertThat(d.getCurrentUrl()).isEqualTo(base + "/node?key=deployment:fraud-api-prod");
        assertThat(d.findElement(By.cssSelector(".account__name")).getText()).isEqualTo("admin");
    }
}
