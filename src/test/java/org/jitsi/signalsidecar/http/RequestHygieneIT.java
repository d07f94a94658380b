package org.jitsi.signalsidecar.http;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.RawHttp;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker or a front proxy's path rule meets on the wire: one spelling of each path (no
 * encoded characters, dot or empty segments, parameters), one {@code Host}, 431 for a header too
 * large, {@code nosniff} on every answer.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RequestHygieneIT {
    private static final String TOKEN = "hygiene-token-0123456789abcdef";

    @TempDir
    static Path dir;
    private static SidecarHarness node;

    @BeforeAll
    static void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().metrics(true).controlToken(TOKEN));
        node.awaitReport(report -> report.get("healthy").asBoolean(), "a healthy node");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawHttp.Response get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: sidecar\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return RawHttp.exchange(node.sidecar().httpPort(), request.append("Connection: close\r\n\r\n").toString(), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//signal/report", "/signal//report", "/signal%2freport", "/signal%2Freport",
            "/%73ignal/report", "/signal/report;x", "/signal;x/report", "/./signal/report", "/signal/./report",
            "/metrics/../signal/status", "/metrics/%2e%2e/signal/status", "/signal/report/", "/signal\\report"})
    void everyOtherSpellingOfAPathIs400(String target) {
        RawHttp.Response answer = get(target, "Authorization: Bearer " + TOKEN);
        assertThat(answer.status()).as(target).isEqualTo(400);
        assertThat(answer.bodyText()).doesNotContain("ready");
    }

    @Test
    void thePlainSpellingsStillWork() {
        assertThat(get("/signal/report").status()).isEqualTo(200);
        assertThat(get("/signal/report?x=1").status()).isEqualTo(200);
        assertThat(get("/").status()).isEqualTo(200);
        assertThat(get("/signal/status", "Authorization: Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(get("/nothing-here").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT example.com:443", "GET example.com:443", "GET *", "OPTIONS *",
            "GET http://example.com/signal/report", "GET signal/report"})
    void aTargetNotInOriginFormIs400WithoutAnErrorLine(String requestLine) {
        try (LogCapture errors = LogCapture.of("", record -> record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()
                ? record.getLevel() + " " + record.getMessage() : "")) {
            RawHttp.Response answer = RawHttp.exchange(node.sidecar().httpPort(),
                    requestLine + " HTTP/1.1\r\nHost: example.com:443\r\n\r\n", false);
            assertThat(answer.status()).as(requestLine).isEqualTo(400);
            assertThat(errors.lines()).allSatisfy(line -> assertThat(line).isEmpty());
        }
    }

    @Test
    void aChunkExtensionIsAcceptedAndABadChunkSizeIs400WithClose() {
        String head = "PUT /signal/status HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer " + TOKEN
                + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        RawHttp.Response extended = RawHttp.exchange(node.sidecar().httpPort(),
                head + "5;e=1\r\nready\r\n0\r\n\r\n", false);
        assertThat(extended.status()).isEqualTo(200);
        assertThat(extended.bodyText()).isEqualTo("ready\n");
        try (LogCapture errors = LogCapture.of("", record -> record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()
                ? record.getLevel() + " " + record.getMessage() : "")) {
            RawHttp.Response bad = RawHttp.exchange(node.sidecar().httpPort(), head + "zz\r\nready\r\n0\r\n\r\n", false);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("Connection")).contains("close");
            assertThat(errors.lines()).allSatisfy(line -> assertThat(line).isEmpty());
        }
    }

    @Test
    void twoHostHeadersAre400() {
        assertThat(get("/signal/report", "Host: other").status()).isEqualTo(400);
    }

    @Test
    void aHeaderTooLargeIs431() {
        RawHttp.Response answer = get("/signal/report", "X-Big: " + "a".repeat(65_000));
        assertThat(answer.status()).as(answer.statusLine() + " " + answer.bodyText()).isEqualTo(431);
    }

    @Test
    void aHeaderJustUnderTheLimitAndABodyOverItAreFine() {
        assertThat(get("/signal/report", "X-Big: " + "a".repeat(15_000)).status()).isEqualTo(200);
        RawHttp.Response put = RawHttp.exchange(node.sidecar().httpPort(), "PUT /signal/status HTTP/1.1\r\nHost: s\r\n"
                + "Authorization: Bearer wrong\r\nContent-Length: 200\r\nConnection: close\r\n\r\n" + "x".repeat(200), false);
        assertThat(put.status()).isEqualTo(403);
    }

    @Test
    void aMalformedRequestLineIs400WithNosniff() {
        RawHttp.Response answer = RawHttp.exchange(node.sidecar().httpPort(), "G\tET / HTTP/1.1\r\n\r\n", false);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("X-Content-Type-Options")).contains("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signal/report", "/signal/health", "/about/health", "/signal/census", "/signal/events",
            "/health", "/health/ready", "/metrics", "/signal/status", "/nothing-here", "//signal/report"})
    void everyAnswerSaysNosniff(String target) {
        assertThat(get(target).header("X-Content-Type-Options")).as(target).contains("nosniff");
    }
}
