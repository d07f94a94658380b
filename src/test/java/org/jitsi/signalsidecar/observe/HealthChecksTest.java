package org.jitsi.signalsidecar.observe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.health.HealthCheckResponse;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks behind {@code /health}, called directly with a hand-moved clock. */
class HealthChecksTest {
    private static final Duration LIMIT = Duration.ofSeconds(18);
    private final MutableClock clock = new MutableClock();
    private final SnapshotStore store = new SnapshotStore(
            Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO), AgentExtensions.NONE, false), clock);

    private void poll(Observe observe) {
        store.publish(store.current().next(observe.at(clock.instant())));
    }

    @Test
    void theStallLimitIsThreeIntervalsAndATimeout() {
        PeerSettings peers = new PeerSettings(URI.create("http://localhost:8888"), URI.create("http://localhost:5280"),
                Path.of("/etc/jitsi/shard-status"), Duration.ofSeconds(5), Duration.ofSeconds(3), Optional.empty());
        assertThat(HealthChecks.stallLimit(peers)).isEqualTo(LIMIT);
    }

    @Test
    void thePollLoopIsLiveUntilTheLimitHasPassedSinceTheLastPoll() {
        clock.advance(LIMIT);
        HealthCheckResponse startup = HealthChecks.pollLoop(store, LIMIT);
        assertThat(startup.status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(startup.details()).containsEntry("startedAt", "2026-11-25T06:00:00.000Z")
                .containsEntry("secondsSince", 18.0).containsEntry("limitSeconds", 18.0);

        poll(Observe.healthy());
        clock.advance(LIMIT);
        assertThat(HealthChecks.pollLoop(store, LIMIT).status()).isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofMillis(1));
        HealthCheckResponse stalled = HealthChecks.pollLoop(store, LIMIT);
        assertThat(stalled.status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stalled.details()).containsEntry("lastPoll", "2026-11-25T06:00:18.000Z")
                .containsEntry("secondsSince", 18.001);
    }

    @Test
    void readyOnceAPollCompleted() {
        assertThat(HealthChecks.firstPoll(store.current()).status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        clock.advanceSeconds(1.5);
        poll(Observe.healthy());
        HealthCheckResponse ready = HealthChecks.firstPoll(store.current());
        assertThat(ready.status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(ready.details()).containsEntry("lastPoll", "2026-11-25T06:00:01.500Z");
    }

    @Test
    void aBrokenSignalNodeIsDataNeverDown() {
        poll(Observe.healthy().jicofoHealth(500).prosody(503).status("unhealthy"));
        HealthCheckResponse node = HealthChecks.signalNode(store);
        assertThat(node.status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(node.details())
                .containsEntry("healthy", false)
                .containsEntry("status", "drain")
                .containsEntry("agentMessage", "down drain 0%")
                .containsEntry("jicofoHealthy", false)
                .containsEntry("jicofoReachable", true)
                .containsEntry("prosodyHealthy", false)
                .containsEntry("prosodyReachable", true)
                .containsEntry("problems", "jicofo health answered 500; prosody answered 503; status file says unhealthy");
    }

    @Test
    void everyJicofoProblemIsListedNotOnlyTheFirst() {
        poll(Observe.healthy().jicofoHealth(500).jicofoStatsGarbage());
        assertThat(HealthChecks.signalNode(store).details()).containsEntry("problems",
                "jicofo health answered 500; jicofo stats answered 200: stats are not valid JSON");
    }

    @Test
    void theAgentListenerMustAccept() {
        assertThat(HealthChecks.agentListener(true).status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(HealthChecks.agentListener(false).status()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void deadlockedThreadsAreDownAndNamed() throws InterruptedException {
        assertThat(HealthChecks.deadlock().status()).isEqualTo(HealthCheckResponse.Status.UP);
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = Thread.ofPlatform().name("deadlock-a").start(() -> crossLock(first, second, bothHoldOne));
        Thread b = Thread.ofPlatform().name("deadlock-b").start(() -> crossLock(second, first, bothHoldOne));
        try {
            HealthCheckResponse down = Await.until(HealthChecks::deadlock,
                    r -> r.status() == HealthCheckResponse.Status.DOWN, "the deadlock to be found");
            assertThat(String.valueOf(down.details().get("threads"))).contains("deadlock-a").contains("deadlock-b");
        } finally {
            a.interrupt();
            b.interrupt();
            a.join();
            b.join();
        }
        assertThat(HealthChecks.deadlock().status()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    /** Holds {@code held}, then waits (interruptibly) for {@code wanted}. */
    private static void crossLock(ReentrantLock held, ReentrantLock wanted, CountDownLatch bothHoldOne) {
        held.lock();
        try {
            bothHoldOne.countDown();
            bothHoldOne.await();
            wanted.lockInterruptibly();
            wanted.unlock();
        } catch (InterruptedException e) {
            // the test ends the deadlock
        } finally {
            held.unlock();
        }
    }
}
