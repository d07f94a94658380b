package org.jitsi.signalsidecar.poll;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollLoopTest {
    private final MutableClock clock = new MutableClock();
    private final SnapshotStore store = new SnapshotStore(
            Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO), AgentExtensions.NONE, false), clock);

    @Test
    void anUnexpectedErrorDoesNotEndTheLoop() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Observations> flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Observe.healthy().at(clock.advanceSeconds(1));
        };
        try (PollLoop loop = new PollLoop(flaky, store, Duration.ofMillis(10))) {
            loop.start();
            Await.until(store::current, Snapshot::polled, "a poll after the failed one");
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.view().healthy()).isTrue();
    }

    @Test
    void pollNowPollsWithoutWaitingForTheInterval() {
        AtomicInteger polls = new AtomicInteger();
        try (PollLoop loop = new PollLoop(() -> {
            polls.incrementAndGet();
            return Observe.healthy().at(clock.advanceSeconds(1));
        }, store, Duration.ofHours(1))) {
            loop.start();
            Await.until(polls::get, n -> n == 1, "the first poll");
            loop.pollNow();
            Await.until(polls::get, n -> n == 2, "a second poll long before the hour is up");
            loop.pollNow();
            Await.until(polls::get, n -> n == 3, "a third one");
        }
    }

    @Test
    void closeStopsPolling() {
        AtomicInteger polls = new AtomicInteger();
        PollLoop loop = new PollLoop(() -> {
            polls.incrementAndGet();
            return Observe.healthy().at(clock.advanceSeconds(1));
        }, store, Duration.ofMillis(5));
        loop.start();
        Await.until(polls::get, n -> n >= 3, "three polls");
        assertThat(loop.running()).isTrue();
        loop.close();
        assertThat(loop.running()).isFalse();
    }

    @Test
    void aPollCutShortByCloseIsNotPublished() {
        CountDownLatch secondPollStarted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Supplier<Observations> poll = () -> {
            if (calls.incrementAndGet() == 1) {
                return Observe.healthy().at(clock.advanceSeconds(1));
            }
            secondPollStarted.countDown();
            try {
                new CountDownLatch(1).await(); // like a request, until close() interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Observe.healthy().jicofoHealth(Outcome.FAILED).at(clock.advanceSeconds(1));
        };
        PollLoop loop = new PollLoop(poll, store, Duration.ofMillis(1));
        loop.start();
        Await.until(secondPollStarted::getCount, n -> n == 0, "the second poll");
        loop.close();
        assertThat(store.view().healthy()).as("a stopping sidecar must not tell HAProxy down").isTrue();
    }
}
