package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.testing.Api;
import io.pedigree.testing.Browser;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In Chromium: from a model's lineage drawing, click through to an upstream dataset, ask what depends on it,
 * and download that as CSV.
 */
class LineageBrowserIT extends PedigreeIT {

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

    /** Waits until the browser has arrived at a URL starting with {@code prefix} (decoded). */
    private static void waitFor(WebDriver d, String inUrl) {
        Browser.awaitUrl(d, url -> java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8)
                .startsWith(inUrl));
    }

    @Test
    void fromTheDrawingToAnUpstreamDatasetThenItsImpactAndItsCsv(TestInfo test) {
        DemoData.load(app.writer());
        String base = "http://127.0.0.1:" + app.port();
        String name = test.getTestMethod().orElseThrow().getName();
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        browser.open(base + "/node?key=" + Api.q("model:fraud-detector@4") + "&depth=2&direction=upstream");
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(d, base + "/node?");

        assertThat(d.getCurrentUrl()).contains("depth=2");
        WebElement drawing = d.findElement(By.cssSelector(".graph-frame svg"));
        assertThat(drawing.findElements(By.cssSelector("a"))).hasSizeGreaterThan(5);
        browser.screenshot(name + "-1-model-lineage");

        WebElement dataset = d.findElements(By.cssSelector(".graph-frame svg a")).stream()
                .filter(a -> a.getAttribute("href") != null && a.getAttribute("href").contains("dataset%3Afraud-features"))
                .findFirst().orElseThrow();
        ((JavascriptExecutor) d).executeScript(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))", dataset);
        waitFor(d, base + "/node?key=dataset:fraud-features");
        assertThat(d.findElement(By.cssSelector("h1")).getText()).startsWith("fraud-features");
        assertThat(d.getCurrentUrl()).as("the view travels with the link").contains("depth=2");
        browser.screenshot(name + "-2-dataset");

        d.findElement(By.linkText("Impact: what depends on this")).click();
        waitFor(d, base + "/impact?key=");
        assertThat(d.findElement(By.id("prod-h")).getText()).isEqualTo("Production deployments affected");
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("fraud-api-prod");
        browser.screenshot(name + "-3-impact");

        String href = d.findElement(By.linkText("Download CSV")).getAttribute("href");
        Object csv = ((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));", href);
        assertThat((String) csv).startsWith("kind,key,name,version,depth,environment,serves,owners")
                .contains("deployment:fraud-api-prod");
    }

    @Test
    void theDrawingShowsFieldsAndHighlightsTheLineageOfTheFieldSelected(TestInfo test) {
        DemoData.load(app.writer());
        io.pedigree.demo.DemoFields.load(app.fieldWriter());
        String base = "http://127.0.0.1:" + app.port();
        String name = test.getTestMethod().orElseThrow().getName();
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        String clean = "dataset:transactions-clean@2026-09-01";
        browser.open(base + "/node?key=" + Api.q(clean) + "&depth=2");
        d.findElement(By.id("token")).sendKeys(TestApp.ADMIN_TOKEN);
        d.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(d, base + "/node?");

        d.findElement(By.linkText("Show each dataset's fields in its box")).click();
        waitFor(d, base + "/node?key=" + clean);
        assertThat(d.getCurrentUrl()).contains("fields=1");
        WebElement row = d.findElements(By.cssSelector(".graph-frame svg a.pg-field")).stream()
                .filter(a -> (clean + "#card_hash").equals(a.getAttribute("data-id"))).findFirst().orElseThrow();
        ((JavascriptExecutor) d).executeScript(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))", row);
        Browser.awaitUrl(d, url -> url.contains("field=dataset%3Atransactions-clean%23card_hash"));

        java.util.List<String> lit = d.findElements(By.cssSelector(".graph-frame svg a.pg-field.pg-path")).stream()
                .map(a -> a.getAttribute("data-id")).toList();
        assertThat(lit).contains(clean + "#card_hash", "dataset:transactions-raw@2026-09-01#card_number",
                "dataset:fraud-features@2026-09-01#txn_velocity_7d");
        assertThat(d.findElements(By.cssSelector(".graph-frame svg path.pg-edge.pg-path"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.isDisplayed()).isTrue());
        assertThat(d.findElement(By.cssSelector("main")).getText()).contains("highlighted: the lineage of");
        browser.screenshot(name + "-field-lineage");
    }
}
