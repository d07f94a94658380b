package org.jitsi.signalsidecar;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.Http;
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
 * HTTP/1.0 on every route, as nginx's {@code proxy_pass}, HAProxy's {@code httpchk} and old
 * monitoring probes send it: the same status as over HTTP/1.1, a {@code Content-Length} and never a
 * chunked body, and the connection closed right after the answer unless the request asked for
 * keep-alive. Also {@code Connection: close} over HTTP/1.1, which ends the connection at once too.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpVersionIT {
    /** Far below the 10 s the client would wait: a close this late would be a timeout, not an answer. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    private static SidecarHarness node;

    @BeforeAll
    static void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().metrics(true));
        node.awaitReport(report -> report.get("healthy").asBoolean(), "a healthy node");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static int port() {
        return node.sidecar().httpPort();
    }

    /** What an HTTP/1.1 client (the JDK's) gets for the same request. */
    private static HttpResponse<String> overHttp11(String method, String path) {
        return Http.send(HttpRequest.newBuilder(node.uri(path)).version(HttpClient.Version.HTTP_1_1)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signal/events", "/signal/report", "/signal/health", "/about/health", "/signal/census", "/health",
            "/health/live", "/health/ready", "/metrics", "/no/such/path"})
    void getOverHttp10IsAnsweredWithALengthThenClosed(String path) {
        try (RawHttp http = RawHttp.connect(port())) {
            RawHttp.Response response = http.send("GET " + path + " HTTP/1.0\r\n\r\n").read(false);

            assertThat(response.status()).isEqualTo(overHttp11("GET", path).statusCode());
            assertThat(response.header("Transfer-Encoding")).isEmpty();
            assertThat(response.header("Content-Length")).contains(String.valueOf(response.body().length));
            assertThat(response.header("Connection")).contains("close");
            assertThat(http.restUntilClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signal/events", "/signal/report", "/signal/health", "/about/health", "/signal/census", "/health",
            "/health/live", "/health/ready", "/metrics", "/no/such/path"})
    void headOverHttp10IsAnsweredWithoutBodyThenClosed(String path) {
        try (RawHttp http = RawHttp.connect(port())) {
            RawHttp.Response response = http.send("HEAD " + path + " HTTP/1.0\r\n\r\n").read(true);

            assertThat(response.status()).isEqualTo(overHttp11("HEAD", path).statusCode());
            assertThat(response.header("Transfer-Encoding")).isEmpty();
            assertThat(response.header("Connection")).contains("close");
            assertThat(http.restUntilClosed(CLOSE_DEADLINE)).as("no body after a HEAD answer").isEmpty();
        }
    }

    @Test
    void headGivesTheLengthOfTheGetWithoutItsBody() {
        // the status page and /metrics change from one request to the next (ages, request counts)
        for (String path : new String[] {"/signal/events", "/signal/report", "/signal/health", "/about/health",
                "/signal/census"}) {
            RawHttp.Response get = RawHttp.exchange(port(), "GET " + path + " HTTP/1.0\r\n\r\n", false);
            RawHttp.Response head = RawHttp.exchange(port(), "HEAD " + path + " HTTP/1.0\r\n\r\n", true);
            assertThat(head.header("Content-Length")).as(path).isEqualTo(get.header("Content-Length"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signal/events", "/signal/report", "/signal/health", "/about/health", "/signal/census", "/health",
            "/health/live", "/health/ready", "/metrics", "/no/such/path"})
    void keepAliveOverHttp10KeepsTheConnectionForTheNextRequest(String path) {
        try (RawHttp http = RawHttp.connect(port())) {
            for (String method : new String[] {"GET", "HEAD", "GET"}) {
                RawHttp.Response response = http.send(method + " " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .read(method.equals("HEAD"));
                assertThat(response.status()).as(method).isEqualTo(overHttp11(method, path).statusCode());
                assertThat(response.header("Connection")).as(method).contains("keep-alive");
                assertThat(response.header("Transfer-Encoding")).as(method).isEmpty();
                if (method.equals("GET")) {
                    assertThat(response.header("Content-Length")).contains(String.valueOf(response.body().length));
                }
            }
            RawHttp.Response last = http.send("GET " + path + " HTTP/1.0\r\n\r\n").read(false);
            assertThat(last.header("Connection")).contains("close");
            assertThat(http.restUntilClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @Test
    void healthOverHttp10SaysOkWithHostOrWithout() {
        for (String request : new String[] {"GET /signal/health HTTP/1.0\r\n\r\n",
                "GET /signal/health HTTP/1.0\r\nHost: shard.example.com\r\n\r\n"}) {
            RawHttp.Response response = RawHttp.exchange(port(), request, false);
            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(response.bodyText()).isEqualTo("OK");
        }
    }

    @Test
    void optionsAndWrongMethodsOverHttp10AnswerAsOverHttp11() {
        RawHttp.Response options = RawHttp.exchange(port(), "OPTIONS /signal/health HTTP/1.0\r\n\r\n", false);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("GET, HEAD, OPTIONS");

        RawHttp.Response delete = RawHttp.exchange(port(), "DELETE /signal/report HTTP/1.0\r\n\r\n", false);
        assertThat(delete.status()).isEqualTo(405);
        RawHttp.Response deleteHealth = RawHttp.exchange(port(), "DELETE /health HTTP/1.0\r\n\r\n", false);
        assertThat(deleteHealth.status()).isEqualTo(405);
    }

    @Test
    void connectionCloseOverHttp11EndsTheConnectionRightAfterTheAnswer() {
        try (RawHttp http = RawHttp.connect(port())) {
            RawHttp.Response response = http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .read(false);
            assertThat(response.bodyText()).isEqualTo("OK");
            assertThat(response.header("Connection")).contains("close");
            assertThat(http.restUntilClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @Test
    void http11WithoutConnectionCloseStaysOpen() {
        try (RawHttp http = RawHttp.connect(port())) {
            http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n\r\n").read(false);
            assertThat(http.closedWithin(Duration.ofMillis(300))).isFalse();
            assertThat(http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n\r\n").read(false).bodyText()).isEqualTo("OK");
        }
    }
}
