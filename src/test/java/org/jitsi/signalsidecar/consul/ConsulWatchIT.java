package org.jitsi.signalsidecar.consul;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulToken;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status watch end to end: a sidecar polling stub peers, watching a key in the Consul KV test
 * double. The poll interval is 30 s, so only the watch's "poll now" can make the agent follow a
 * change within a second.
 */
class ConsulWatchIT {
    private static final String KEY = "shard-states/test/shard-1";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ConsulKvDouble consul = new ConsulKvDouble();
    private SidecarHarness node;

    @BeforeEach
    void setUp() {
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
        consul.close();
    }

    static ConsulSettings watching(ConsulKvDouble consul, String key, Optional<ConsulToken> token) {
        return new ConsulSettings(URI.create(consul.origin()), token, true, key, false, "shard-report",
                Duration.ofSeconds(60), false, Duration.ofSeconds(2));
    }

    private void startWatching() {
        node.start(node.config().interval(Duration.ofSeconds(30)).consul(watching(consul, KEY, Optional.empty())));
    }

    private void awaitFile(String contents, Duration within) {
        Await.until(node::statusFileContents, contents::equals, within, "the status file to hold " + contents.strip());
    }

    private void awaitAgent(String line, Duration within) {
        Await.until(node::agent, line::equals, within, "the agent to say " + line.strip());
    }

    @Test
    void aKeyChangeReachesTheStatusFileAndTheAgentWithinOneSecond() {
        consul.put(KEY, "ready");
        startWatching();
        awaitAgent("up ready 100%\n", Duration.ofSeconds(5));

        consul.put(KEY, "drain");
        awaitFile("drain\n", ONE_SECOND);
        awaitAgent("up drain 0%\n", ONE_SECOND);
        assertThat(node.report().get("status").asText()).isEqualTo("drain");

        consul.put(KEY, "MAINT\n");
        awaitFile("maint\n", ONE_SECOND);
        awaitAgent("up maint 0%\n", ONE_SECOND);
    }

    @Test
    void theWatchSendsBlockingStaleQueriesWithABoundedWait() {
        consul.put(KEY, "ready");
        startWatching();
        ConsulKvDouble.Request blocking = Await.until(consul::requests,
                requests -> requests.stream().anyMatch(ConsulKvDouble.Request::blocking), "a blocking query").stream()
                .filter(ConsulKvDouble.Request::blocking).findFirst().orElseThrow();
        assertThat(blocking.method()).isEqualTo("GET");
        assertThat(blocking.key()).isEqualTo(KEY);
        assertThat(blocking.query()).containsKey("stale").containsEntry("index", Long.toString(consul.index()))
                .containsEntry("wait", "2000ms");
        assertThat(consul.requests().getFirst().query()).containsKey("stale").doesNotContainKey("index");
    }

    @Test
    void heldQueriesThatRunOutAreNoErrors() {
        consul.put(KEY, "ready");
        startWatching();
        // each held query lasts the 2 s wait plus up to 1/16 of it: the client must wait longer than that
        Await.until(() -> consul.requests().stream().filter(ConsulKvDouble.Request::blocking)
                        .filter(r -> Duration.between(r.arrived(), r.answered()).compareTo(Duration.ofSeconds(2)) >= 0)
                        .count(),
                held -> held >= 2, Duration.ofSeconds(15), "two held queries that ran out");
        ConsulWatch.State state = watch().state();
        assertThat(state.errors()).isZero();
        assertThat(state.connected()).isTrue();
        assertThat(node.statusFileContents()).isEqualTo("ready\n");
    }

    @Test
    void aDeletedKeyIsLoggedAndTheStatusFileKept() {
        consul.put(KEY, "drain");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching();
            awaitFile("drain\n", Duration.ofSeconds(5));

            consul.delete(KEY);
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("does not exist (404)")),
                    "the deletion to be logged");
            assertThat(node.statusFileContents()).isEqualTo("drain\n");
            awaitAgent("up drain 0%\n", ONE_SECOND);

            consul.put(KEY, "ready");
            awaitFile("ready\n", ONE_SECOND);
        }
    }

    @Test
    void aKeyMissingFromTheStartLeavesTheOperatorsFile() {
        node.status("maint");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching();
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("does not exist (404)")),
                    "the missing key to be logged");
        }
        assertThat(node.statusFileContents()).isEqualTo("maint");
        consul.put(KEY, "ready");
        awaitFile("ready\n", ONE_SECOND);
    }

    @Test
    void anIndexThatGoesBackwardsRestartsTheWatch() {
        for (int i = 0; i < 50; i++) {
            consul.put("other/key", "x" + i); // a busy KV store: the watched key's index is high
        }
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));
        long high = consul.index();
        Await.until(() -> watch().state().index(), index -> index == high, "the watch to block on " + high);
        Await.until(consul::holds, n -> n >= 1, "the blocking query to be held");

        consul.restore(Map.of(KEY, "drain"), 5); // an older snapshot: the index drops from 51 to 5
        awaitFile("drain\n", ONE_SECOND);
        // a watch still blocking on 51 would not see the next write, at index 6
        consul.put(KEY, "maint");
        awaitFile("maint\n", ONE_SECOND);
        awaitAgent("up maint 0%\n", ONE_SECOND);
    }

    @Test
    void aValueThatIsNoStatusWordIsLoggedAndNotWritten() {
        consul.put(KEY, "ready");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching();
            awaitFile("ready\n", Duration.ofSeconds(5));

            consul.put(KEY, "drian");
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("holds 'drian'")),
                    "the bad value to be logged");
            assertThat(node.statusFileContents()).isEqualTo("ready\n");

            consul.put(KEY, "");
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("holds no value")),
                    "the empty value to be logged");
            assertThat(node.statusFileContents()).isEqualTo("ready\n");
            assertThat(node.agent()).isEqualTo("up ready 100%\n");

            consul.put(KEY, "maint");
            awaitFile("maint\n", ONE_SECOND);
        }
    }

    @Test
    void consulDownThenBack() {
        consul.put(KEY, "ready");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            node.start(node.config().interval(Duration.ofMillis(200)).consul(watching(consul, KEY, Optional.empty())));
            awaitFile("ready\n", Duration.ofSeconds(5));

            consul.refuse();
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("refused the connection")),
                    "the outage to be logged");
            assertThat(watch().state().connected()).isFalse();
            assertThat(watch().state().lastError()).hasValue("Consul refused the connection");
            // the node carries on from the file, and a local edit is served
            node.status("drain");
            awaitAgent("up drain 0%\n", Duration.ofSeconds(5));

            consul.put(KEY, "maint"); // written while the sidecar could not see it
            consul.resume();
            // the back-off between attempts grows to at most 30 s
            awaitFile("maint\n", Duration.ofSeconds(35));
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("works again")),
                    "the recovery to be logged");
            assertThat(watch().state().connected()).isTrue();
            assertThat(log.lines().stream().filter(l -> l.contains("refused the connection"))).hasSize(1);
        }
    }

    @Test
    void aLocalEditWinsUntilConsulChangesAgain() {
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));

        node.status("drain"); // an operator, or PUT /signal/status
        // a reconnect finds the key as it was: it must not undo the edit
        consul.refuse();
        Await.until(() -> watch().state().connected(), connected -> !connected, "the watch to notice the outage");
        consul.resume();
        Await.until(() -> watch().state().connected(), connected -> connected, Duration.ofSeconds(5),
                "the watch to reconnect");
        assertThat(node.statusFileContents()).isEqualTo("drain");

        consul.put(KEY, "ready"); // the same word, but a new write: Consul changed
        awaitFile("ready\n", ONE_SECOND);
    }

    @Test
    void theTokenIsSentAndNeverLogged() {
        String token = "6d0a1f3e-never-in-a-log-line";
        consul.requireToken(token);
        consul.put(KEY, "drain");
        List<String> lines = everyLogLine(() -> {
            node.start(node.config().consul(watching(consul, KEY, Optional.of(new ConsulToken(token)))));
            awaitFile("drain\n", Duration.ofSeconds(5));
            consul.put(KEY, "ready");
            awaitFile("ready\n", ONE_SECOND);
        });
        assertThat(consul.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.token()).hasValue(token));
        assertThat(lines).anyMatch(l -> l.contains("says drain")).noneMatch(l -> l.contains(token));
    }

    @Test
    void aRefusedTokenIsReportedWithoutShowingIt() {
        String token = "0b7e9c55-the-wrong-one";
        consul.requireToken("the-right-one");
        consul.put(KEY, "drain");
        List<String> lines = everyLogLine(() -> {
            node.start(node.config().consul(watching(consul, KEY, Optional.of(new ConsulToken(token)))));
            Await.until(() -> watch().state().lastError(), Optional::isPresent, "the watch to fail");
        });
        assertThat(watch().state().lastError()).hasValueSatisfying(e -> assertThat(e).contains("403")
                .contains("ACL token"));
        assertThat(lines).anyMatch(l -> l.contains("403")).noneMatch(l -> l.contains(token));
        assertThat(node.statusFileContents()).isEqualTo("ready");
    }

    @Test
    void aStatusFileLinkedElsewhereIsReplacedThereAsPackaged() throws java.io.IOException {
        // the package: /etc/jitsi/shard-status -> /var/lib/signal-sidecar/shard-status
        Path state = java.nio.file.Files.createDirectory(dir.resolve("state"));
        java.nio.file.Files.writeString(state.resolve("shard-status"), "ready\n");
        Path etc = java.nio.file.Files.createDirectory(dir.resolve("etc"));
        Path link = java.nio.file.Files.createSymbolicLink(etc.resolve("shard-status"), state.resolve("shard-status"));
        etc.toFile().setWritable(false);
        consul.put(KEY, "drain");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            node.start(node.config().statusFile(link).consul(watching(consul, KEY, Optional.empty())));
            Await.until(() -> read(state.resolve("shard-status")), "drain\n"::equals, Duration.ofSeconds(5),
                    "the link's target to hold drain");
            awaitAgent("up drain 0%\n", ONE_SECOND);
            assertThat(java.nio.file.Files.isSymbolicLink(link)).isTrue();
            assertThat(log.lines()).noneMatch(l -> l.contains("not writable"));
        } finally {
            etc.toFile().setWritable(true);
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private ConsulWatch watch() {
        return node.sidecar().consul().watch().orElseThrow();
    }

    /** Every logger, every level, while {@code run} runs. */
    static List<String> everyLogLine(Runnable run) {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        try (LogCapture log = LogCapture.of("", record -> record.getLoggerName() + " " + record.getMessage() + " "
                + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown())) {
            run.run();
            return log.lines();
        } finally {
            root.setLevel(before);
        }
    }
}
