package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.testing.Browser;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;

/** A writer in Chromium: opens the fraud model, compares v3 with v4, and rolls production back to v3. */
class GovernanceBrowserIT extends PedigreeIT {

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
    void loadDemo() {
        DemoData.load(app.writer());
        DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(),
                app.lifecycle());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    private static void signIn(WebDriver d) {
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
    }

    @Test
    void compareVersionsThenRollProductionBack() {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(url("/models"));
        signIn(d);
        waitForUrl(d, "/models");
        assertThat(d.getCurrentUrl()).isEqualTo(url("/models"));
        browser.screenshot("governance-1-models");

        d.findElement(By.linkText("fraud-detector")).click();
        waitForUrl(d, "/model?name=");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).isEqualTo("fraud-detector");
        assertThat(d.findElement(By.id("v4")).getText()).contains("production").contains("passed");
        assertThat(d.findElement(By.id("v5")).getText()).contains("not met");
        browser.screenshot("governance-2-model");

        d.findElement(By.cssSelector("#compare-a option[value=\"3\"]")).click();
        d.findElement(By.cssSelector("#compare-b option[value=\"4\"]")).click();
        d.findElement(By.cssSelector(".compare-form button[type=submit]")).click();
        waitForUrl(d, "/model/compare?");
        assertThat(d.getCurrentUrl()).isEqualTo(url("/model/compare?name=fraud-detector&a=3&b=4"));
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("dataset:fraud-features@2026-10-13")
                .contains("better");
        browser.screenshot("governance-3-compare");

        browser.open(url("/deployments"));
        d.findElement(By.linkText("fraud-api-prod")).click();
        waitForUrl(d, "/deployment?name=");
        assertThat(d.findElement(By.cssSelector(".serving-now")).getText()).isEqualTo("model:fraud-detector@4");
        browser.screenshot("governance-4-deployment");

        d.findElement(By.id("rollback-reason")).sendKeys("False positives doubled after the v4 release");
        d.findElement(By.cssSelector(".rollback-form button[type=submit]")).click();

        waitForUrl(d, "rolledBack=");
        assertThat(d.getCurrentUrl()).contains("/deployment?name=fraud-api-prod&rolledBack=");
        assertThat(d.findElement(By.cssSelector("[role=status]")).getText()).contains("model:fraud-detector@3");
        assertThat(d.findElement(By.cssSelector(".serving-now")).getText()).isEqualTo("model:fraud-detector@3");
        assertThat(d.findElement(By.cssSelector(".timeline__now")).getText()).contains("model:fraud-detector@3");
        browser.screenshot("governance-5-rolled-back");
    }

    @Test
    void onAPhoneTheModelAndDeploymentPagesFitTheScreen() {
        try (Browser phone = Browser.start(390, 844)) {
            WebDriver d = phone.driver();
            phone.open(url("/signin"));
            signIn(d);
            for (String page : new String[] {"/model?name=fraud-detector", "/model/compare?name=fraud-detector&a=3&b=4",
                    "/deployment?name=fraud-api-prod"}) {
                phone.open(url(page));
                phone.screenshot("governance-phone" + page.replaceAll("[^a-z]+", "-"));
                assertThat((Boolean) phone.script("return document.documentElement.scrollWidth > window.innerWidth + 1"))
                        .as("%s wider than the screen", page).isFalse();
            }
        }
    }

    /** Clicking starts a navigation that may not have finished when the click returns. */
    private static void waitForUrl(WebDriver d, String part) {
        Browser.awaitUrl(d, url -> url.contains(part));
    }
}
