package org.jitsi.signalsidecar.observe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Dump scripts as real processes: small shell scripts in a temporary directory. */
class DumpRunnerIT {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private LogCapture logged;
    private DumpRunner runner;
    private Snapshot snapshot = Snapshot.initial(clock.instant(), RULES, AgentExtensions.NONE, false);

    @BeforeEach
    void captureLog() {
        logged = LogCapture.messages(DumpRunner.class);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        logged.close();
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A script that appends a line to {@code <name>.marker} and says so. */
    private Path marker(String name) throws IOException {
        return script(name, "echo \"" + name + " dump ran\"\necho run >> '" + dir.resolve(name + ".marker") + "'\n");
    }

    private long runs(String name) {
        Path marker = dir.resolve(name + ".marker");
        try {
            return Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DumpRunner jicofoOnly(Path script, Duration timeout) {
        return new DumpRunner(new DumpScripts(Optional.of(script), Optional.empty(), timeout));
    }

    private void poll(Observe observe) {
        clock.advanceSeconds(5);
        Snapshot previous = snapshot;
        snapshot = snapshot.next(observe.at(clock.instant()));
        runner.published(previous, snapshot);
    }

    private void awaitIdle() {
        Await.until(runner::idle, idle -> idle, "the dump scripts to end");
    }

    private long loggedContaining(String text) {
        return logged.lines().stream().filter(message -> message.contains(text)).count();
    }

    @Test
    void eachTransitionRunsTheScriptOfEachFailingComponentOnce() throws IOException {
        runner = new DumpRunner(new DumpScripts(Optional.of(marker("jicofo")), Optional.of(marker("prosody")),
                Duration.ofSeconds(10)));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        awaitIdle();
        assertThat(runs("jicofo")).isEqualTo(1);
        assertThat(runs("prosody")).isZero();

        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy().jicofoHealth(Outcome.REFUSED));
        assertThat(runner.idle()).as("still unhealthy: no new transition").isTrue();

        poll(Observe.healthy());
        poll(Observe.healthy().prosody(Outcome.TIMED_OUT));
        awaitIdle();
        assertThat(runs("jicofo")).isEqualTo(1);
        assertThat(runs("prosody")).isEqualTo(1);

        poll(Observe.healthy());
        poll(Observe.healthy().jicofoStats(500).prosody(503));
        awaitIdle();
        assertThat(runs("jicofo")).isEqualTo(2);
        assertThat(runs("prosody")).isEqualTo(2);
        assertThat(loggedContaining("jicofo dump: jicofo dump ran")).isEqualTo(2);
        assertThat(loggedContaining("finished with exit status 0")).isEqualTo(4);
    }

    @Test
    void nothingRunsBeforeTheNodeWasHealthyNorForTheStatusFile() throws IOException {
        runner = new DumpRunner(new DumpScripts(Optional.of(marker("jicofo")), Optional.of(marker("prosody")),
                Duration.ofSeconds(10)));
        poll(Observe.healthy().jicofoHealth(500).prosody(Outcome.REFUSED));
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy());
        poll(Observe.healthy().status("unhealthy"));
        poll(Observe.healthy().statusMissing());
        assertThat(runner.idle()).isTrue();
        assertThat(runs("jicofo")).isZero();
        assertThat(runs("prosody")).isZero();
        assertThat(logged.lines()).isEmpty();
    }

    @Test
    void aComponentWithoutScriptIsSkipped() throws IOException {
        runner = new DumpRunner(new DumpScripts(Optional.empty(), Optional.of(marker("prosody")), Duration.ofSeconds(10)));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        assertThat(runner.idle()).isTrue();
        assertThat(logged.lines()).isEmpty();
    }

    @Test
    void theScriptRunsDetachedSoThePollIsNeverDelayed() throws IOException {
        Path started = dir.resolve("started");
        runner = jicofoOnly(script("slow", "touch '" + started + "'\nsleep 30\n"), Duration.ofSeconds(60));
        poll(Observe.healthy());
        long before = System.nanoTime();
        poll(Observe.healthy().jicofoHealth(500));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        Await.until(() -> Files.exists(started), exists -> exists, "the script to start");
        assertThat(runner.idle()).as("the script sleeps on while polls go on").isFalse();
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy());
    }

    @Test
    void aScriptStillRunningIsNotStartedAgain() throws IOException {
        Path starts = dir.resolve("starts");
        runner = jicofoOnly(script("slow", "echo start >> '" + starts + "'\nsleep 30\n"), Duration.ofSeconds(60));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        // the file exists as soon as the shell opens it, a moment before the line is in it
        Await.until(() -> read(starts), lines -> lines.size() == 1, "the script to start");
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        assertThat(loggedContaining("is still running from an earlier failure; not starting it again")).isEqualTo(1);
        assertThat(Files.readAllLines(starts)).hasSize(1);
    }

    @Test
    void aScriptOutlivingItsTimeoutIsKilledWithItsChildren() throws IOException {
        Path pids = dir.resolve("pids");
        runner = jicofoOnly(script("hung", "sleep 30 &\necho $! > '" + pids + "'\necho $$ >> '" + pids + "'\nwait\n"),
                Duration.ofMillis(300));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        List<String> lines = Await.until(() -> read(pids), l -> l.size() == 2, "the script to write its pids");
        awaitIdle();
        assertThat(loggedContaining("ran longer than 300 ms and was killed")).isEqualTo(1);
        for (String pid : lines) {
            // SIGKILL is immediate, but the child is reaped by its new parent a moment later
            Await.until(() -> ProcessHandle.of(Long.parseLong(pid.strip())).filter(ProcessHandle::isAlive),
                    Optional::isEmpty, Duration.ofSeconds(5), "process " + pid.strip() + " to be gone");
        }
    }

    @Test
    void closeKillsTheScriptStillRunningWaitsForItsThreadsAndStartsNoMore() throws IOException {
        Path pids = dir.resolve("pids");
        runner = jicofoOnly(script("lingering", "echo $$ >> '" + pids + "'\nexec sleep 30\n"), Duration.ofSeconds(60));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        long pid = Long.parseLong(Await.until(() -> read(pids), l -> l.size() == 1, "the script to start").get(0));

        runner.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the script, killed and reaped").isEmpty();
        assertThat(loggedContaining("lingering finished with exit status"))
                .as("its watching thread had ended when close returned").isEqualTo(1);
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        assertThat(read(pids)).as("a closed runner starts nothing").hasSize(1);
    }

    @Test
    void outputIsLoggedLineByLineUpToALimit() throws IOException {
        runner = jicofoOnly(script("chatty",
                "echo 'hello from jicofo' >&2\ni=0\nwhile [ $i -lt 300 ]; do echo \"line $i\"; i=$((i+1)); done\n"),
                Duration.ofSeconds(10));
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        awaitIdle();
        // an earlier test's killed script may still log its own end into this capture: count this one
        Await.until(() -> loggedContaining("chatty finished with exit status"), n -> n == 1, "the end of the script");
        assertThat(logged.lines()).contains("jicofo dump: hello from jicofo", "jicofo dump: line 0", "jicofo dump: line 198",
                "jicofo dump: (101 more lines not logged)");
        // the script's first MAX_LINES lines (hello and 199 numbered ones), then the summary; counted by
        // this script's own words, as an earlier test's killed script may still log into this capture
        assertThat(loggedContaining("jicofo dump: line ")).isEqualTo(DumpRunner.MAX_LINES - 1);
        assertThat(loggedContaining("jicofo dump: hello from jicofo")).isEqualTo(1);
    }

    @Test
    void longLinesAreCutAndCarriageReturnsDropped() {
        String input = "x".repeat(5000) + "\r\nshort\npartial";
        List<String> lines = new ArrayList<>();
        DumpRunner.logOutput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), lines::add);
        assertThat(lines).containsExactly("x".repeat(DumpRunner.MAX_LINE_CHARS), "short", "partial");
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
