package io.pedigree.web;

import io.pedigree.testing.Api;
import io.pedigree.testing.Browser;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Markup that users wrote into names, keys and properties reaches the screen as text and never runs. */
class EscapingBrowserIT extends PedigreeIT {

    private Browser browser;

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

    @BeforeEach
    void signIn() {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open("http://127.0.0.1:" + app.port() + "/signin");
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
    }

    @Test
    void aScriptAsANodeNameIsShownAsTextInSearchResults(TestInfo test) {
        Hostile.record(admin);

        browser.open("http://127.0.0.1:" + app.port() + "/search?q=" + Api.q("<script>"));

        WebDriver d = browser.driver();
        assertNothingRan();
        // The title is as the template wrote it, with the search shown as text.
        assertThat(d.getTitle()).isEqualTo("<script> · Search · Pedigree");
        assertThat(d.findElements(By.cssSelector(".results .result__name")))
                .extracting(e -> e.getText()).containsOnly(Hostile.NAME);
        assertThat(d.findElements(By.cssSelector(".results .result__key")))
                .extracting(e -> e.getText()).contains(Hostile.KEY);
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void aScriptAsANodeNameIsShownAsTextOnTheNodePage(TestInfo test) {
        Hostile.record(admin);

        browser.open("http://127.0.0.1:" + app.port() + "/node?key=" + Api.q(Hostile.KEY));

        WebDriver d = browser.driver();
        assertNothingRan();
        assertThat(d.getTitle()).isEqualTo(Hostile.NAME + " · dataset · Pedigree");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo(Hostile.NAME + " @v\"1'");
        assertThat(d.findElement(By.cssSelector("table.properties")).getText()).contains(Hostile.NOTE)
                .contains("<i>, \"x\"").contains("{k: <u>v</u>}");
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains(Hostile.OWNER);
        // Only the page's own elements: no <img>, <b>, <u> or <i> made it into the document, and the only SVG is
        // the lineage drawing, with the hostile name inside it as text.
        assertThat(d.findElements(By.cssSelector("img, b, u, i"))).isEmpty();
        assertThat(d.findElements(By.cssSelector("svg"))).hasSize(1);
        assertThat(d.findElements(By.cssSelector(".graph-frame svg"))).hasSize(1);
        assertThat((String) browser.script("return document.querySelector('.graph-frame svg title').textContent"))
                .contains(Hostile.KEY);
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    /** No alert opened, and the only scripts in the document are the page's own file. */
    private void assertNothingRan() {
        WebDriver d = browser.driver();
        assertThatThrownBy(() -> d.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat((Long) browser.script("return Array.from(document.scripts)"
                + ".filter(s => !s.src.endsWith('/static/graph.js')).length")).isZero();
    }
}
