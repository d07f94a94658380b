package org.jitsi.signalsidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.PrometheusText;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's write to the status file reaches the agent, the report and the metrics without
 * waiting for a poll: the sidecar polls once an hour, so only the file watch can explain the change.
 */
class StatusFileWatchIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    private SidecarHarness node;

    @BeforeEach
    void startReady() {
        node = new SidecarHarness(dir);
        node.start(node.config().interval(HOUR).metrics(true));
        node.awaitReport(r -> r.get("healthy").asBoolean() && r.get("status").asText().equals("ready"),
                "the first poll: healthy and ready");
        assertThat(node.agent()).isEqualTo("up ready 100%\n");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void awaitAgent(String line) {
        Await.until(node::agent, line::equals, "the agent to answer " + line.strip());
    }

    private double statusGauge(String status) {
        return PrometheusText.parse(node.get("/metrics").body()).value("signal_status", "status", status);
    }

    @Test
    void drainWrittenByRenameIsSeenBeforeTheNextPoll() {
        node.status("drain\n"); // a new file moved over the old one, as editors and `mv` do

        awaitAgent("up drain 0%\n");
        assertThat(node.report().get("status").asText()).isEqualTo("drain");
        assertThat(node.report().get("agentmessage").asText()).isEqualTo("up drain 0%");
        assertThat(statusGauge("drain")).isEqualTo(1);
        assertThat(statusGauge("ready")).isEqualTo(0);
    }

    @Test
    void writeInPlaceIsSeenBeforeTheNextPoll() throws IOException {
        Files.writeString(dir.resolve("shard-status"), "maint\n");

        awaitAgent("up maint 0%\n");
        assertThat(node.report().get("statuses").get("statusFileContents").asText()).isEqualTo("maint");
    }

    @Test
    void removedFileMakesTheNodeUnhealthyBeforeTheNextPoll() {
        node.removeStatusFile();

        awaitAgent("down drain 0%\n");
        assertThat(node.get("/signal/report").statusCode()).isEqualTo(503);
        assertThat(node.report().get("services").get("statusFileFound").asBoolean()).isFalse();
    }

    @Test
    void throughASymbolicLinkAWriteToItsTargetIsSeenBeforeTheNextPoll() throws IOException {
        // the package's layout: /etc/jitsi/shard-status -> ../../var/lib/signal-sidecar/shard-status
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.writeString(state.resolve("shard-status"), "ready\n");
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Path link = Files.createSymbolicLink(etc.resolve("shard-status"), Path.of("../state/shard-status"));
        try (SidecarHarness linked = new SidecarHarness(Files.createDirectory(dir.resolve("linked")))) {
            linked.start(linked.config().interval(HOUR).statusFile(link));
            linked.awaitReport(r -> r.get("healthy").asBoolean(), "the first poll through the link");

            Files.writeString(link, "drain\n"); // as `echo drain > /etc/jitsi/shard-status` does

            Await.until(linked::agent, "up drain 0%\n"::equals, "the agent to answer up drain 0%");
        }
    }

    @Test
    void aDirectoryDeletedAndMadeAgainIsWatchedAgainWithoutARestart() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path file = Files.writeString(state.resolve("shard-status"), "ready\n");
        try (SidecarHarness node2 = new SidecarHarness(Files.createDirectory(dir.resolve("node2")))) {
            node2.start(node2.config().interval(HOUR).statusFile(file));
            node2.awaitReport(r -> r.get("healthy").asBoolean(), "the first poll");

            Files.delete(file);
            Files.delete(state); // config management replaces the directory
            Await.until(node2::agent, "down drain 0%\n"::equals, "the agent to see the file gone");
            Files.createDirectory(state);
            Files.writeString(file, "drain\n");

            Await.until(node2::agent, "up drain 0%\n"::equals, "the agent to see drain in the new directory");
            Files.writeString(file, "maint\n");
            Await.until(node2::agent, "up maint 0%\n"::equals, "the agent to see the next write there too");
        }
    }

    @Test
    void aDanglingLinkWhoseTargetAppearsLaterIsWatchedThen() throws IOException {
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Path link = Files.createSymbolicLink(etc.resolve("shard-status"), Path.of("../later/shard-status"));
        try (SidecarHarness node2 = new SidecarHarness(Files.createDirectory(dir.resolve("node2")))) {
            node2.start(node2.config().interval(HOUR).statusFile(link));
            node2.awaitReport(r -> !r.get("services").get("statusFileFound").asBoolean(), "the first poll: no file");

            Path later = Files.createDirectory(dir.resolve("later"));
            Files.writeString(later.resolve("shard-status"), "drain\n");

            Await.until(node2::agent, "up drain 0%\n"::equals, "the agent to see drain once the link resolves");
            Files.writeString(later.resolve("shard-status"), "ready\n");
            Await.until(node2::agent, "up ready 100%\n"::equals, "the agent to see the next write to the target");
        }
    }

    @Test
    void backToReadyAfterADrain() {
        node.status("drain");
        awaitAgent("up drain 0%\n");

        node.status("ready");

        awaitAgent("up ready 100%\n");
        assertThat(node.report().get("healthy").asBoolean()).isTrue();
    }
}
