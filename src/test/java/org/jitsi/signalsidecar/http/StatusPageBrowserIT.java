package org.jitsi.signalsidecar.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in Debian's headless Chromium, driven through its chromedriver (both named
 * explicitly, so Selenium downloads nothing): the verdict shows, a drain written to the status
 * file appears without a reload, and the browser logs no error. Leaves a screenshot in
 * {@code target/status-page.png}.
 */
class StatusPageBrowserIT {
    private static final Path SCREENSHOT = Path.of("target/status-page.png");

    @TempDir
    Path dir;
    private SidecarHarness node;
    private ChromeDriverService service;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        Path chromium = RealPeer.executable("chromium");
        Path chromedriver = RealPeer.executable("chromedriver");
        node = new SidecarHarness(dir);
        node.start(node.config());
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");

        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=740,1200",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (node != null) {
            node.close();
        }
    }

    /** The element's text, read in one step: the page swaps its live part every second. */
    private String text(String id) {
        return String.valueOf(((JavascriptExecutor) browser)
                .executeScript("var e = document.getElementById(arguments[0]); return e ? e.textContent : null;", id));
    }

    @Test
    void showsTheVerdictAndFollowsADrainWithoutAReload() throws IOException {
        browser.get(node.uri("/").toString());
        assertThat(text("verdict")).isEqualTo("HEALTHY");
        assertThat(text("status")).isEqualTo("ready");
        assertThat(text("agent-line")).isEqualTo("up ready 100%");
        Await.until(() -> text("liveness"), t -> t.startsWith("Live"), Duration.ofSeconds(5), "the script to start");
        ((JavascriptExecutor) browser).executeScript("window.loadedOnce = true;"); // a reload would forget it

        node.status("drain");
        Await.until(() -> text("status"), "drain"::equals, Duration.ofSeconds(2), "the page to say drain");

        assertThat(((JavascriptExecutor) browser).executeScript("return window.loadedOnce === true;")).isEqualTo(true);
        assertThat(text("agent-line")).isEqualTo("up drain 0%");
        Await.until(() -> text("live"), t -> t.contains("status file now says drain"),
                Duration.ofSeconds(5), "the drain in the last changes");
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }
}
