package org.jitsi.signalsidecar.http;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.consul.KvEntry;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
 * {@code /fleet} in Debian's headless Chromium: a sidecar publishing to the strict Consul double
 * among 49 other shards (stale, unhealthy, draining, disagreeing, not reports, missing); the page
 * shows each, escapes what Consul holds, follows a change without a reload, and the browser logs
 * no error (a Content-Security-Policy violation would be one). Leaves {@code target/fleet-page.png}.
 */
class FleetPageBrowserIT {
    private static final Path SCREENSHOT = Path.of("target/fleet-page.png");
    private static final String HOSTILE = "<img src=x onerror=window.owned=1>";

    @TempDir
    Path dir;
    private ConsulKvDouble consul;
    private SidecarHarness node;
    private ChromeDriverService service;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        Path chromium = RealPeer.executable("chromium");
        Path chromedriver = RealPeer.executable("chromedriver");
        consul = new ConsulKvDouble();
        FleetShards.Env env = FleetShards.fifty(Instant.now());
        for (KvEntry e : env.reports()) {
            consul.put(e.key(), e.value().orElseThrow());
        }
        for (KvEntry e : env.states()) {
            consul.put(e.key(), e.value().orElseThrow());
        }
        consul.put(FleetShards.REPORTS + "shard-51", FleetShards.report(Instant.now(), true, HOSTILE, 100, 1, 1, 0));
        node = new SidecarHarness(dir);
        // shard-01 is this sidecar: it publishes its own report over the one loaded above
        node.start(node.config().consul(new ConsulSettings(URI.create(consul.origin()), Optional.empty(), false,
                FleetShards.STATES + "shard-01", true, FleetShards.REPORTS + "shard-01", Duration.ofSeconds(60), false,
                Duration.ofSeconds(5))));
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");

        service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1300,1400",
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
        if (consul != null) {
            consul.close();
        }
    }

    /** The cells of a shard's row, read in one step: the page swaps its live part every second. */
    @SuppressWarnings("unchecked")
    private List<String> row(String shard) {
        Object cells = ((JavascriptExecutor) browser).executeScript(
                "var rows = document.querySelectorAll('#shards tbody tr');"
                        + "for (var i = 0; i < rows.length; i++) {"
                        + "  var tds = rows[i].querySelectorAll('td');"
                        + "  if (tds[0].textContent === arguments[0]) {"
                        + "    return Array.prototype.map.call(tds, function (td) { return td.textContent; }); } }"
                        + "return [];", shard);
        return (List<String>) cells;
    }

    private Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    @Test
    void showsEveryShardEscapedAndFollowsAChange() throws IOException {
        browser.get(node.uri("/fleet").toString());
        Await.until(() -> row("shard-50"), cells -> !cells.isEmpty(), Duration.ofSeconds(10), "the fleet's first read");

        assertThat(script("return document.querySelectorAll('#shards tbody tr').length;")).isEqualTo(51L);
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("TROUBLE");
        assertThat(row("shard-01")).startsWith("shard-01", "yes", "ready", "ready", "100%");
        assertThat(row("shard-07").subList(0, 8)).containsExactly("shard-07", "yes", "ready", "ready", "100%", "12", "3", "2");
        assertThat(row("shard-07").getLast()).matches("[0-9]+s");
        assertThat(row("shard-41").getLast()).isEqualTo("5m STALE");
        assertThat(row("shard-43")).startsWith("shard-43", "NO", "drain", "ready", "0%");
        assertThat(row("shard-45")).startsWith("shard-45", "yes", "drain", "drain", "0%");
        assertThat(row("shard-47").get(3)).isEqualTo("drain !");
        assertThat(script("return document.querySelectorAll('td.disagrees').length;")).isEqualTo(1L);
        assertThat(row("shard-48").getLast()).startsWith("not a report: not JSON");
        assertThat(row("shard-50")).containsExactly("shard-50", "-", "-", "maint", "-", "-", "-", "-", "no report");
        assertThat(row("shard-51").get(2)).isEqualTo(HOSTILE);
        assertThat(script("return document.querySelectorAll('#shards img').length;")).isEqualTo(0L);
        assertThat(browser.findElement(By.id("totals")).getText()).startsWith("51 shards: 44 fresh and healthy,"
                + " 2 unhealthy, 2 stale, 1 without a report, 2 not a report, 1 desired state not read yet (!)");
        Await.until(() -> browser.findElement(By.id("liveness")).getText(), t -> t.startsWith("Live"),
                Duration.ofSeconds(5), "the script to start");
        script("window.loadedOnce = true;"); // a reload would forget it

        consul.put(FleetShards.REPORTS + "shard-43", FleetShards.report(Instant.now(), true, "ready", 100, 7, 2, 0));
        Await.until(() -> row("shard-43"), cells -> cells.size() > 1 && cells.get(1).equals("yes"),
                Duration.ofSeconds(10), "the page to show shard-43 healthy");

        assertThat(script("return window.loadedOnce === true && window.owned === undefined;")).isEqualTo(true);
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }
}
