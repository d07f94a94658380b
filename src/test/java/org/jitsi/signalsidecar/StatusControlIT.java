package org.jitsi.signalsidecar;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jitsi.signalsidecar.http.StatusService;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.RawHttp;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain-control API over real HTTP: {@code GET}/{@code PUT /signal/status} with every kind of
 * credentials and body, against a sidecar polling healthy stubs once an hour (so only the API's own
 * poll can publish a change).
 */
class StatusControlIT {
    private static final String TOKEN = "s3cret-token-for-tests-0123456789";

    @TempDir
    Path dir;
    private SidecarHarness node;
    private LogCapture logs;
    private LogCapture warnings;

    @BeforeEach
    void start() {
        node = new SidecarHarness(dir);
        logs = LogCapture.of("", record -> record.getMessage() + " " + Arrays.toString(record.getParameters()));
        warnings = LogCapture.of(StatusService.class.getName(), record -> record.getLevel() + " " + record.getMessage());
        // one poll an hour, so a second poll can only be the API's; a generous timeout, so that on a
        // busy machine the first poll still finds the stubs healthy
        node.start(node.config().interval(Duration.ofHours(1)).requestTimeout(Duration.ofSeconds(5)).controlToken(TOKEN));
        node.awaitReport(r -> r.get("healthy").asBoolean(), "the first poll");
    }

    @AfterEach
    void stop() {
        node.close();
        logs.close();
        warnings.close();
    }

    private HttpResponse<String> put(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri("/signal/status"))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    private HttpResponse<String> get(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri("/signal/status")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    private String file() throws Exception {
        return Files.readString(dir.resolve("shard-status"));
    }

    @Test
    void theRightTokenSetsTheWordAndTheAgentSaysItAtOnce() throws Exception {
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
        HttpResponse<String> drained = put("drain", "Bearer " + TOKEN);
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.body()).isEqualTo("drain\n");
        // the poll interval is an hour: only the poll the API asked for can have published this
        assertThat(node.agent()).isEqualTo("up drain 0%\n");
        assertThat(node.report().get("status").asText()).isEqualTo("drain");
        assertThat(file()).isEqualTo("drain\n");
        HttpResponse<String> current = get("Bearer " + TOKEN);
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).isEqualTo("drain\n");
        assertThat(put("MAINT\n", "Bearer " + TOKEN).body()).isEqualTo("maint\n");
        assertThat(node.agent()).isEqualTo("up maint 0%\n");
        assertThat(put("ready", "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
    }

    @Test
    void withoutATokenTheAnswerIs401WithABearerChallengeAndNothingChanges() throws Exception {
        for (String authorization : new String[] {null, "Basic dXNlcjpwYXNz"}) {
            HttpResponse<String> refused = put("drain", authorization);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"signal-sidecar\"");
            assertThat(get(authorization).statusCode()).isEqualTo(401);
        }
        assertThat(file()).isEqualTo("ready");
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
    }

    @Test
    void aWrongTokenIs403AndChangesNothing() throws Exception {
        assertThat(put("drain", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(403);
        assertThat(get("Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(file()).isEqualTo("ready");
    }

    @Test
    void anyOtherWordIs400NamingTheAllowedOnes() throws Exception {
        for (String body : new String[] {"", "unhealthy", "drained", "ready drain"}) {
            HttpResponse<String> refused = put(body, "Bearer " + TOKEN);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.body()).isEqualTo("expected the body ready, drain or maint\n");
        }
        assertThat(file()).isEqualTo("ready");
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        assertThat(put("drain" + " ".repeat(300), "Bearer " + TOKEN).statusCode()).isEqualTo(413);
        assertThat(put("x".repeat(1 << 20), "Bearer " + TOKEN).statusCode()).isEqualTo(413);
        assertThat(file()).isEqualTo("ready");
        assertThat(put("drain", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenConfiguredThePathIsUnknown() throws Exception {
        Path other = Files.createDirectory(dir.resolve("off"));
        try (SidecarHarness off = new SidecarHarness(other)) {
            off.start(off.config());
            for (String method : new String[] {"GET", "PUT", "DELETE"}) {
                HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(off.uri("/signal/status"))
                        .method(method, HttpRequest.BodyPublishers.ofString("drain"))
                        .header("Authorization", "Bearer " + TOKEN));
                assertThat(answer.statusCode()).as(method).isEqualTo(404);
            }
            assertThat(Files.readString(other.resolve("shard-status"))).isEqualTo("ready");
        }
    }

    @Test
    void headAnswersAsGetWithoutTheBody() {
        String auth = "Authorization: Bearer " + TOKEN + "\r\n";
        RawHttp.Response get = RawHttp.exchange(node.sidecar().httpPort(),
                "GET /signal/status HTTP/1.0\r\n" + auth + "\r\n", false);
        try (RawHttp http = RawHttp.connect(node.sidecar().httpPort())) {
            RawHttp.Response head = http.send("HEAD /signal/status HTTP/1.0\r\n" + auth + "\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
            assertThat(http.restUntilClosed(Duration.ofSeconds(2))).isEmpty();
        }
        assertThat(get.bodyText()).isEqualTo("ready\n");
    }

    @Test
    void otherMethodsAre405() {
        HttpResponse<String> deleted = Http.send(HttpRequest.newBuilder(node.uri("/signal/status")).DELETE()
                .header("Authorization", "Bearer " + TOKEN));
        assertThat(deleted.statusCode()).isEqualTo(405);
        assertThat(deleted.headers().firstValue("Allow")).contains("GET, HEAD, PUT");
        HttpResponse<String> options = Http.send(HttpRequest.newBuilder(node.uri("/signal/status"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.statusCode()).as("as the README says").isEqualTo(405);
        assertThat(options.headers().firstValue("Allow")).contains("GET, HEAD, PUT");
    }

    @Test
    void afterFiveFailuresAnAddressGets429WithRetryAfterButTheRightTokenStillWorks() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(put("drain", "Bearer guess-" + i).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> limited = put("drain", "Bearer guess-5");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1, 12));
        assertThat(put("drain", null).statusCode()).isEqualTo(429);
        assertThat(file()).isEqualTo("ready");
        for (String word : List.of("drain", "ready", "maint")) {
            assertThat(put("guess", "Bearer wrong").statusCode()).isEqualTo(429);
            assertThat(put(word, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(get("Bearer " + TOKEN).body()).isEqualTo(word + "\n");
        }
    }

    @Test
    void failuresAreLoggedAtWarnWithoutTheTokenAndAFloodIsNotALineEach() throws Exception {
        for (int i = 0; i < 50; i++) {
            put("drain", i % 2 == 0 ? "Bearer " + TOKEN.substring(1) : null);
        }
        assertThat(warnings.lines()).containsExactly("WARNING Refused a drain-control request from 127.0.0.1 with a wrong"
                + " token; further failures are summed up every 60 s.");
        assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(TOKEN.substring(1)));
    }

    @Test
    void everyChangeIsLoggedWithTheClientAndBothWordsAndTheTokenNever() throws Exception {
        put("drain", "Bearer " + TOKEN);
        put("ready", "Bearer " + TOKEN);
        put("drain", "Bearer wrong-" + TOKEN);
        put("drain", null);
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("Status set to drain (was ready) over HTTP by 127.0.0.1."));
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("Status set to ready (was drain) over HTTP by 127.0.0.1."));
        assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(TOKEN));
    }

    @Test
    void concurrentWritersNeverLeaveAHalfWrittenFile() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        String[] words = {"ready", "drain", "maint"};
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    seen.add(Files.readString(dir.resolve("shard-status")));
                }
                return null;
            });
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int offset = w;
                writers.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 6; i++) {
                        int status = put(words[(offset + i) % 3], "Bearer " + TOKEN).statusCode();
                        ok += status == 200 || status == 202 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> writer : writers) {
                ok += writer.get();
            }
            writing.set(false);
            reader.get();
            assertThat(ok).isEqualTo(24);
        }
        assertThat(seen).isSubsetOf("ready", "ready\n", "drain\n", "maint\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("shard-status");
        }
        String last = file().strip();
        assertThat(get("Bearer " + TOKEN).body()).isEqualTo(last + "\n");
    }
}
