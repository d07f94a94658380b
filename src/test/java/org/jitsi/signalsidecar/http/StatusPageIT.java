package org.jitsi.signalsidecar.http;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jitsi.signalsidecar.config.OperatorSettings;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page at {@code /} of a real sidecar, read as HTML over HTTP (the browser test runs its script). */
class StatusPageIT {
    @TempDir
    Path dir;
    private SidecarHarness node;

    private void start(boolean page) {
        node = new SidecarHarness(dir);
        node.start(node.config().operator(new OperatorSettings(200, page)));
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void showsTheVerdictInputsNumbersEventsAndPlotsWithoutScript() {
        start(true);
        HttpResponse<String> page = node.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        String html = page.body();
        assertThat(html).contains("<p class=\"verdict\" id=\"verdict\">HEALTHY</p>", "<b id=\"status\">ready</b>",
                "<code id=\"agent-line\">up ready 100%</code>", "<td>jicofo health</td>", "<td>prosody</td>",
                "<td>status file</td>", "says ready", "first poll", "<svg", "<polyline");
        assertThat(html).doesNotContain("prosody room-census"); // census polling is off
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(100 * 1024);
    }

    @Test
    void isSelfContainedAndItsPolicyAllowsOnlyItsOwnStyleAndScript() {
        start(true);
        HttpResponse<String> page = node.get("/");
        assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'none';").contains("connect-src 'self'")
                .containsPattern("style-src 'sha256-[A-Za-z0-9+/=]{44}'; script-src 'sha256-[A-Za-z0-9+/=]{44}'$"));
    }

    @Test
    void textFromOutsideIsEscaped() {
        start(true);
        node.status("<script>alert(1)</script>");
        String html = Await.until(() -> node.get("/").body(), b -> b.contains("UNKNOWN") || b.contains("unknown"),
                "the page to show the unknown status word");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void onlyReadyInTheStatusFileIsShownAsGood() {
        start(true);
        assertThat(node.get("/").body()).contains("<span class=\"ok\">says ready</span>");
        for (String word : new String[] {"drain", "maint", "bogus"}) {
            node.status(word);
            String html = Await.until(() -> node.get("/").body(), b -> b.contains("says " + word),
                    "the page to show " + word);
            assertThat(html).contains("<span class=\"warn\">says " + word + "</span>").doesNotContain("class=\"ok\">says");
        }
    }

    @Test
    void overridesAndControlCharactersFromOutsideAreShownAsEscapesOnThePageAndInEvents() {
        start(true);
        node.jicofo.reply("/about/health", 500, "text/plain", "broken");
        node.jicofo.reply("/stats", 200, "application/json", "{\"x\u202E\u001b\": }");
        String html = Await.until(() -> node.get("/").body(), b -> b.contains(">UNHEALTHY<"), "an unhealthy page");
        node.status("evil\u202Etxt");
        html = Await.until(() -> node.get("/").body(), b -> b.contains("says evil"), "the odd word on the page");
        assertThat(html).contains("says evil\\u202etxt").doesNotContain("\u202E", "\u001b");
        String events = node.get("/signal/events").body();
        assertThat(events).as(events).contains("\\\\u202e").doesNotContain("\u202E", "\\u202E");
    }

    @Test
    void showsAnUnhealthyNodeAndWhy() {
        start(true);
        node.jicofo.reply("/about/health", 500, "text/plain", "broken");
        String html = Await.until(() -> node.get("/").body(), b -> b.contains(">UNHEALTHY<"), "an unhealthy page");
        assertThat(html).contains("jicofo health answered 500", "<code id=\"agent-line\">down ready 0%</code>");
    }

    @Test
    void headAnswersWithoutABodyAndOtherMethodsAre405() {
        start(true);
        HttpResponse<String> head = Http.send(node.sidecar().httpPort(), "HEAD", "/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(Http.send(node.sidecar().httpPort(), "POST", "/").statusCode()).isEqualTo(405);
    }

    @Test
    void turnedOffTheRootIsNotFound() {
        start(false);
        assertThat(node.get("/").statusCode()).isEqualTo(404);
        assertThat(node.get("/signal/events").statusCode()).isEqualTo(200);
    }
}
