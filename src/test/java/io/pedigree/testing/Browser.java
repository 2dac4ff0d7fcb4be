package io.pedigree.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} driven through {@code chromedriver}, with
 * a fresh profile each time. Where either is missing the test is skipped with a message, unless
 * {@code PEDIGREE_REQUIRE_BROWSER=true} (as on CI), which turns their absence into a failure.
 */
public final class Browser implements AutoCloseable {

    public static final String REQUIRE = "PEDIGREE_REQUIRE_BROWSER";
    public static final Path CHROMIUM = Path.of(System.getProperty("pedigree.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("pedigree.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A laptop-sized window. */
    public static Browser start() {
        return start(1280, 900);
    }

    public static Browser start(int width, int height) {
        requireInstalled();
        Path profile = TestApp.tempDir("pedigree-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // A click or a submit only starts a navigation: looking an element up waits a little for the next page,
        // instead of every test guessing where to wait. Asserting that something is absent costs this wait once.
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(3));
        return new Browser(driver, profile);
    }

    private static void requireInstalled() {
        StringBuilder missing = new StringBuilder();
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                missing.append(missing.isEmpty() ? "" : " and ").append(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = missing + " not found; install Debian's chromium and chromium-driver packages "
                + "(apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE)) || Boolean.getBoolean(REQUIRE)) {
            Assertions.fail(message + " (" + REQUIRE + "=true, so this is a failure, not a skip)");
        }
        Assumptions.abort("Browser tests skipped: " + message);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and waits for the page to be complete. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** Saves what the browser shows, whole page, as {@code target/screenshots/<name>.png}. */
    /** Waits up to 10 s for the current URL to satisfy {@code arrived}: a click only starts a navigation. */
    public void awaitUrl(java.util.function.Predicate<String> arrived) {
        awaitUrl(driver(), arrived);
    }

    /** Waits up to 10 s for {@code d}'s current URL to satisfy {@code arrived}. */
    public static void awaitUrl(WebDriver d, java.util.function.Predicate<String> arrived) {
        org.awaitility.Awaitility.await("the browser to arrive").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(d.getCurrentUrl()).matches(arrived));
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script in the page, for reading state the DOM API exposes (never to change it). */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; the system cleans it eventually
            }
        }
    }
}
