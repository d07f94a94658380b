package org.jitsi.signalsidecar;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The main scenarios, end to end: stub peers, a real sidecar, and what consumers read from it. */
class SidecarIT {
    @TempDir
    Path dir;
    private SidecarHarness node;

    @BeforeEach
    void stubs() {
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static JsonNode services(JsonNode report) {
        return report.get("services");
    }

    /** The stubs, with the original sidecar's flap mitigation: 30 s health dampening, 120 s drain grace. */
    private TestConfig defaults() {
        return node.config().flapMitigation(Duration.ofSeconds(30), Duration.ofSeconds(120));
    }

    private JsonNode startHealthy(TestConfig config) {
        node.start(config);
        return node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
    }

    @Test
    void healthyReadyNode() {
        JsonNode r = startHealthy(defaults());
        assertThat(r.get("status").asText()).isEqualTo("ready");
        assertThat(r.get("weight").asText()).isEqualTo("100%");
        assertThat(r.get("stats").get("jicofoParticipants").asLong()).isEqualTo(12);
        assertThat(r.get("stats").get("jicofoConferences").asLong()).isEqualTo(3);
        assertThat(services(r).get("jicofoStatusContents").asText()).isEqualTo("OK");
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(200);
        assertThat(node.get("/signal/report").headers().firstValue("content-type")).hasValue("application/json");
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
        HttpResponse<String> health = node.get("/signal/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        assertThat(node.get("/about/health").body()).isEqualTo("OK");
        assertThat(node.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void startRemovesTheTemporaryFilesAKilledWriteLeftBehind() throws Exception {
        java.nio.file.Path leftover = java.nio.file.Files.writeString(dir.resolve(".shard-status.8841230.tmp"), "dra");
        java.nio.file.Path unrelated = java.nio.file.Files.writeString(dir.resolve(".shard-status.swp"), "x");
        startHealthy(node.config());
        assertThat(leftover).doesNotExist();
        assertThat(unrelated).exists();
    }

    static Stream<Arguments> statusWords() {
        return Stream.of(
                arguments("drain", 200, "drain", "up drain 0%"),
                arguments("maint", 200, "maint", "up maint 0%"),
                arguments("DRAIN", 200, "drain", "up drain 0%"),
                arguments("unhealthy", 503, "drain", "down drain 0%"),
                arguments("  foo \n\n", 200, "unknown", "up drain 0%"),
                arguments("", 200, "unknown", "up drain 0%"));
    }

    @ParameterizedTest(name = "status file \"{0}\" -> {1}, {3}")
    @MethodSource("statusWords")
    void statusFileWords(String contents, int code, String status, String agent) {
        startHealthy(defaults());
        node.status(contents);
        JsonNode r = node.awaitReport(x -> x.get("agentmessage").asText().equals(agent), "agent " + agent);
        assertThat(r.get("status").asText()).isEqualTo(status);
        assertThat(r.get("statuses").get("statusFileContents").asText()).isEqualTo(contents.strip());
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(code);
        assertThat(node.get("/signal/health").statusCode()).isEqualTo(code);
        assertThat(node.agent()).isEqualTo(agent + "\n");
    }

    @Test
    void signalAnswersForbidCachingInOneHeaderLine() {
        startHealthy(defaults());
        for (String path : new String[] {"/signal/report", "/signal/health", "/about/health", "/signal/census"}) {
            assertThat(node.get(path).headers().allValues("Cache-Control")).as(path)
                    .containsExactly("no-cache, no-store, must-revalidate, no-transform");
        }
    }

    @Test
    void missingStatusFile() {
        node.removeStatusFile();
        node.start(defaults());
        JsonNode r = node.awaitReport(x -> services(x).get("jicofoReachable").asBoolean(), "a polled report");
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(r.get("status").asText()).isEqualTo("unknown");
        assertThat(r.get("statuses").get("statusFileFound").asBoolean()).isFalse();
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
        assertThat(node.agent()).isEqualTo("down drain 0%\n");
    }

    @Test
    void jicofo500ThenRecoveryIsDamped() {
        startHealthy(node.config().flapMitigation(Duration.ofMillis(600), Duration.ofMillis(600)));
        node.jicofo.reply("/about/health", 500, "text/plain; charset=UTF-8",
                "No operational bridges available (total bridge count: 0)");
        JsonNode down = node.awaitReport(r -> !r.get("healthy").asBoolean(), "unhealthy");
        assertThat(services(down).get("jicofoStatusCode").asInt()).isEqualTo(500);
        assertThat(services(down).get("jicofoSoftDown").asBoolean()).isFalse();
        assertThat(services(down).get("jicofoStatusContents").asText()).startsWith("No operational bridges");
        assertThat(down.get("stats").get("jicofoParticipants").isNull()).isTrue();
        assertThat(down.get("healthdamped").asBoolean()).isFalse();
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
        assertThat(node.get("/signal/health").body()).isEqualTo("NOT_OK");

        node.jicofo.reply("/about/health", 200, "text/plain; charset=UTF-8", "OK");
        JsonNode damped = node.awaitReport(r -> services(r).get("jicofoHealthy").asBoolean(), "jicofo healthy again");
        assertThat(damped.get("healthy").asBoolean()).isFalse();
        assertThat(damped.get("healthdamped").asBoolean()).isTrue();
        assertThat(damped.get("agentmessage").asText()).isEqualTo("down ready 0%");
        node.awaitReport(r -> r.get("healthy").asBoolean() && !r.get("healthdamped").asBoolean(), "healthy after dampening");
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
    }

    @Test
    void jicofo503DrainsWithinGraceThenFails() {
        startHealthy(node.config().flapMitigation(Duration.ofMillis(300), Duration.ofMillis(1500)));
        node.jicofo.reply("/about/health", 503, "text/plain; charset=UTF-8", "XMPP ping failed");
        JsonNode grace = node.awaitReport(r -> services(r).get("jicofoSoftDown").asBoolean(), "jicofo soft down");
        assertThat(grace.get("healthy").asBoolean()).isTrue();
        assertThat(grace.get("healthdamped").asBoolean()).isTrue();
        assertThat(grace.get("status").asText()).isEqualTo("drain");
        assertThat(grace.get("agentmessage").asText()).isEqualTo("up drain 0%");
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(200);

        JsonNode after = node.awaitReport(r -> !r.get("healthy").asBoolean(), "grace over");
        assertThat(after.get("status").asText()).isEqualTo("ready");
        assertThat(after.get("agentmessage").asText()).isEqualTo("down ready 0%");
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
    }

    @Test
    void jicofo503RecoveringWithinGraceIsImmediatelyReady() {
        startHealthy(defaults());
        node.jicofo.reply("/about/health", 503, "text/plain", "XMPP ping failed");
        node.awaitReport(r -> r.get("status").asText().equals("drain"), "grace drain");
        node.jicofo.reply("/about/health", 200, "text/plain", "OK");
        JsonNode r = node.awaitReport(x -> x.get("status").asText().equals("ready"), "ready again");
        assertThat(r.get("healthy").asBoolean()).isTrue();
        assertThat(r.get("healthdamped").asBoolean()).isFalse();
    }

    @Test
    void jicofo503FromStartGetsNoGrace() {
        node.jicofo.reply("/about/health", 503, "text/plain", "Test conference failed to start due to timeout.");
        node.start(defaults());
        JsonNode r = node.awaitReport(x -> services(x).get("jicofoSoftDown").asBoolean(), "jicofo soft down");
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(r.get("healthdamped").asBoolean()).isFalse();
        assertThat(node.agent()).isEqualTo("down ready 0%\n");
    }

    @Test
    void jicofoHangingIsHardDownWithinTheTimeout() {
        startHealthy(defaults());
        node.jicofo.reply("/about/health", StubPeer.Reply.hanging());
        JsonNode r = node.awaitReport(x -> !services(x).get("jicofoReachable").asBoolean(), "jicofo unreachable");
        assertThat(services(r).get("jicofoStatusCode").asInt()).isZero();
        assertThat(services(r).get("jicofoSoftDown").asBoolean()).isFalse();
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(r.get("stats").get("jicofoParticipants").isNull()).isTrue();
    }

    @Test
    void jicofoRefusedIsHardDown() {
        startHealthy(defaults());
        node.jicofo.refuse();
        JsonNode r = node.awaitReport(x -> !services(x).get("jicofoStatsReachable").asBoolean(), "jicofo refused");
        assertThat(services(r).get("jicofoReachable").asBoolean()).isFalse();
        assertThat(services(r).get("jicofoStatsStatusCode").asInt()).isZero();
        assertThat(node.get("/signal/health").body()).isEqualTo("NOT_OK");
        node.jicofo.resume();
        node.awaitReport(x -> services(x).get("jicofoHealthy").asBoolean(), "jicofo back");
    }

    @Test
    void prosodyRefusedIsHardDown() {
        startHealthy(defaults());
        node.prosody.refuse();
        JsonNode r = node.awaitReport(x -> !services(x).get("prosodyReachable").asBoolean(), "prosody unreachable");
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(services(r).get("prosodyStatusCode").asInt()).isZero();
        assertThat(services(r).get("prosodySoftDown").asBoolean()).isFalse();
        assertThat(node.agent()).isEqualTo("down ready 0%\n");
    }

    @Test
    void prosodyHangingIsSoftDown() {
        startHealthy(defaults());
        node.prosody.reply("/http-bind", StubPeer.Reply.hanging());
        JsonNode r = node.awaitReport(x -> services(x).get("prosodySoftDown").asBoolean(), "prosody soft down");
        assertThat(services(r).get("prosodyReachable").asBoolean()).isFalse();
        assertThat(r.get("healthy").asBoolean()).isTrue();
        assertThat(r.get("status").asText()).isEqualTo("drain");
        assertThat(node.agent()).isEqualTo("up drain 0%\n");
    }

    @Test
    void invalidStatsJsonMakesJicofoUnhealthy() {
        node.jicofo.reply("/stats", 200, "application/json", "this is not json");
        node.start(defaults());
        JsonNode r = node.awaitReport(x -> services(x).get("jicofoStatsReachable").asBoolean(), "stats polled");
        assertThat(services(r).get("jicofoHealthy").asBoolean()).isFalse();
        assertThat(services(r).get("jicofoStatsStatusCode").asInt()).isEqualTo(200);
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(r.get("stats").get("jicofoParticipants").isNull()).isTrue();
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
    }

    @Test
    void jicofoWithHealthChecksDisabledAnswers404AndIsUnhealthy() {
        node.jicofo.reply("/about/health", 404, "text/plain", "");
        node.start(defaults());
        JsonNode r = node.awaitReport(x -> services(x).get("jicofoReachable").asBoolean(), "jicofo polled");
        assertThat(services(r).get("jicofoStatusCode").asInt()).isEqualTo(404);
        assertThat(r.get("healthy").asBoolean()).isFalse();
    }

    @Test
    void hugeJicofoHealthBodyKeepsTheReportSmall() {
        node.jicofo.reply("/about/health", 200, "text/plain", "x".repeat(20 << 20));
        // no dampening: on a loaded machine a slow first poll must not hold the node down for 30 s
        JsonNode r = startHealthy(node.config().flapMitigation(Duration.ZERO, Duration.ZERO));
        assertThat(services(r).get("jicofoStatusContents").asText()).hasSize(512);
        assertThat(node.get("/signal/report").body().length()).isLessThan(2048);
    }

    @Test
    void participantsOverTheMaximumDrain() {
        node.jicofo.reply("/stats", 200, "application/json", StubPeer.jicofoStats(5001, 40));
        node.start(defaults());
        JsonNode r = node.awaitReport(x -> !x.get("stats").get("jicofoParticipants").isNull(), "stats polled");
        assertThat(r.get("healthy").asBoolean()).isTrue();
        assertThat(r.get("status").asText()).isEqualTo("drain");
        assertThat(node.agent()).isEqualTo("up drain 0%\n");
    }

    @Test
    void weightFollowsParticipantsWhenAskedTo() {
        node.jicofo.reply("/stats", 200, "application/json", StubPeer.jicofoStats(2500, 40));
        startHealthy(defaults().weightParticipants(true));
        assertThat(node.agent()).isEqualTo("up ready 50%\n");
        node.jicofo.reply("/stats", 200, "application/json", StubPeer.jicofoStats(5000, 40));
        node.awaitReport(r -> r.get("weight").asText().equals("1%"), "weight 1% when full");
    }

    @Test
    void beforeTheFirstPollTheAgentSaysDownDrainZero() {
        node.jicofo.reply("/about/health", StubPeer.Reply.hanging());
        node.start(defaults().requestTimeout(Duration.ofSeconds(30)));
        assertThat(node.agent()).isEqualTo("down drain 0%\n");
        JsonNode r = node.report();
        assertThat(r.get("status").asText()).isEqualTo("unknown");
        assertThat(r.get("weight").asText()).isEqualTo("0%");
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
    }

    @Test
    void reportAlways200RestoresTheOriginalsStatusCode() {
        node.status("unhealthy");
        node.start(defaults().reportAlways200(true));
        node.awaitReport(r -> r.get("statuses").get("statusFileFound").asBoolean(), "polled");
        HttpResponse<String> report = node.get("/signal/report");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("\"healthy\":false");
        assertThat(node.get("/signal/health").statusCode()).isEqualTo(503);
    }

    @Test
    void unknownPathsAndWrongMethodsGetShortAnswers() {
        node.start(defaults());
        HttpResponse<String> unknown = node.get("/signal/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body().length()).isLessThan(100);
        HttpResponse<String> post = Http.send(HttpRequest.newBuilder(node.uri("/signal/report"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(node.get("/signal/census").statusCode()).isEqualTo(404);
    }

    @Test
    void headAndOptionsAnswerAsExpressDidForHaproxyHttpChecks() {
        node.status("unhealthy");
        node.start(defaults());
        node.awaitReport(r -> r.get("statuses").get("statusFileFound").asBoolean(), "polled");
        for (String path : new String[] {"/signal/health", "/about/health", "/signal/report"}) {
            HttpResponse<String> head = Http.send(HttpRequest.newBuilder(node.uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(path).isEqualTo(503);
            assertThat(head.body()).as(path).isEmpty();
            HttpResponse<String> options = Http.send(HttpRequest.newBuilder(node.uri(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(options.statusCode()).as(path).isEqualTo(200);
            assertThat(options.headers().firstValue("allow")).as(path).hasValue("GET, HEAD, OPTIONS");
        }
    }
}
