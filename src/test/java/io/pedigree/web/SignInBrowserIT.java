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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** A person in Chromium: signs in with a token, searches, opens a node, signs out; on a laptop and a phone. */
class SignInBrowserIT extends PedigreeIT {

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

    private String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    private void signIn(WebDriver d) {
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.awaitUrl(u -> !u.contains("/signin"));
    }

    @Test
    void signInThenSearchThenOpenANode(TestInfo test) {
        DemoData.load(app.writer());
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();

        browser.open(url("/"));
        assertThat(d.getCurrentUrl()).contains("/signin?next=%2F");
        assertThat(d.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("API token");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-1-signin");
        signIn(d);

        assertThat(d.getCurrentUrl()).isEqualTo(url("/"));
        assertThat(d.findElement(By.cssSelector(".account__name")).getText()).isEqualTo("admin");
        assertThat(d.findElement(By.id("production-h")).getText()).isEqualTo("Production deployments");
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("fraud-api-prod");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-2-home");

        WebElement q = d.findElement(By.id("search-q"));
        q.sendKeys("fraud");
        d.findElement(By.cssSelector("#search-kind option[value=model]")).click();
        q.sendKeys(Keys.ENTER);
        browser.awaitUrl(u -> u.contains("/search?"));
        assertThat(d.getCurrentUrl()).contains("/search?q=fraud&kind=model");
        var results = d.findElements(By.cssSelector(".results li"));
        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(li -> assertThat(li.findElement(By.cssSelector(".kind")).getText())
                .isEqualToIgnoringCase("model"));
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-3-search");

        WebElement first = d.findElement(By.cssSelector(".results li .result__name"));
        String name = first.getText();
        first.click();
        browser.awaitUrl(u -> u.contains("/node?"));
        assertThat(d.getCurrentUrl()).contains("/node?key=model:");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).startsWith(name);
        assertThat(d.getTitle()).contains(name);
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-4-node");

        // The URL is the view: opening it again shows the same page.
        String shared = d.getCurrentUrl();
        browser.open(shared);
        assertThat(d.findElement(By.cssSelector("h1")).getText()).startsWith(name);
    }

    @Test
    void signingOutReturnsToTheSignInForm(TestInfo test) {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(url("/signin"));
        signIn(d);

        d.findElement(By.cssSelector(".account button")).click();
        browser.awaitUrl(u -> u.contains("signedOut"));

        assertThat(d.getCurrentUrl()).contains("/signin?signedOut=true");
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("You are signed out.");
        browser.open(url("/"));
        assertThat(d.getCurrentUrl()).contains("/signin?next=");
    }

    @Test
    void aWrongTokenSaysSoOnTheForm(TestInfo test) {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(url("/signin"));

        d.findElement(By.id("token")).sendKeys("pdg_wrong");
        d.findElement(By.cssSelector("main form button[type=submit]")).click();

        assertThat(d.findElement(By.cssSelector("[role=alert]")).getText()).contains("not accepted");
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void theSkipLinkIsTheFirstStopOfTheKeyboard() {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(url("/signin"));

        d.findElement(By.tagName("body")).sendKeys(Keys.TAB);

        WebElement focused = d.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getAttribute("href")).endsWith("#main");
    }

    @Test
    void aTamperedFormTokenIsRefused(TestInfo test) {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(url("/signin"));
        signIn(d);

        // As if the form came from elsewhere: the hidden token is not this session's.
        browser.script("document.querySelector('.account input[name=csrf]').value = 'forged'");
        d.findElement(By.cssSelector(".account button")).click();
        browser.awaitUrl(u -> u.endsWith("/signout"));

        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("Forbidden");
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("Reload the page");
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
        browser.open(url("/"));
        assertThat(d.findElement(By.cssSelector(".account__name")).getText()).isEqualTo("admin");
    }

    @Test
    void onAPhoneThePagesFitTheScreen(TestInfo test) {
        DemoData.load(app.writer());
        try (Browser phone = Browser.start(390, 844)) {
            WebDriver d = phone.driver();
            phone.open(url("/signin"));
            signIn(d);
            phone.screenshot(test.getTestMethod().orElseThrow().getName() + "-home");
            assertThat(pageOverflows(phone)).as("home page wider than the screen").isFalse();

            phone.open(url("/search?q=fraud"));
            phone.screenshot(test.getTestMethod().orElseThrow().getName() + "-search");
            assertThat(pageOverflows(phone)).as("search page wider than the screen").isFalse();

            phone.open(url("/node?key=model:fraud-detector@4"));
            phone.screenshot(test.getTestMethod().orElseThrow().getName() + "-node");
            assertThat(pageOverflows(phone)).as("node page wider than the screen").isFalse();
        }
    }

    private static boolean pageOverflows(Browser b) {
        return (Boolean) b.script("return document.documentElement.scrollWidth > window.innerWidth + 1");
    }
}
