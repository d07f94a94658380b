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
import org.jitsi.signalsidecar.testing.TestSleeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The poll loop paced by a {@link TestSleeper}: nothing here waits for an interval to pass. */
class PollLoopTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock();
    private final TestSleeper sleeper = new TestSleeper(clock);
    private final SnapshotStore store = new SnapshotStore(
            Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO), AgentExtensions.NONE, false), clock);
    private final AtomicInteger polls = new AtomicInteger();

    private Observations healthyPoll() {
        polls.incrementAndGet();
        return Observe.healthy().at(clock.instant());
    }

    @Test
    void waitsTheIntervalFromTheEndOfOnePollToTheStartOfTheNext() {
        try (PollLoop loop = new PollLoop(this::healthyPoll, store, INTERVAL, sleeper)) {
            loop.start();
            assertThat(sleeper.nextPause()).isEqualTo(INTERVAL);
            assertThat(polls).as("no second poll before the interval passed").hasValue(1);
            sleeper.pass();
            assertThat(sleeper.nextPause()).isEqualTo(INTERVAL);
            assertThat(polls).hasValue(2);
            assertThat(store.current().observations().time()).as("the second poll came after the interval").isEqualTo(clock.instant());
        }
    }

    @Test
    void anUnexpectedErrorDoesNotEndTheLoop() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Observations> flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Observe.healthy().at(clock.instant());
        };
        try (PollLoop loop = new PollLoop(flaky, store, INTERVAL, sleeper)) {
            loop.start();
            assertThat(sleeper.nextPause()).as("the failed poll is followed by the usual wait").isEqualTo(INTERVAL);
            assertThat(store.current().polled()).isFalse();
            sleeper.pass();
            Await.until(store::current, Snapshot::polled, "a poll after the failed one");
        }
        assertThat(calls.get()).isEqualTo(2);
        assertThat(store.view().healthy()).isTrue();
    }

    @Test
    void pollNowPollsWithoutWaitingForTheInterval() {
        try (PollLoop loop = new PollLoop(this::healthyPoll, store, Duration.ofHours(1), sleeper)) {
            loop.start();
            sleeper.nextPause();
            loop.pollNow();
            sleeper.nextPause();
            assertThat(polls).as("a second poll long before the hour is up").hasValue(2);
            loop.pollNow();
            sleeper.nextPause();
            assertThat(polls).as("a third one").hasValue(3);
        }
    }

    @Test
    void pollNowDuringAPollIsServedByOneMorePollAfterIt() {
        CountDownLatch inPoll = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<Observations> poll = () -> {
            if (polls.incrementAndGet() == 1) {
                inPoll.countDown();
                awaitQuietly(release);
            }
            return Observe.healthy().at(clock.instant());
        };
        try (PollLoop loop = new PollLoop(poll, store, Duration.ofHours(1), sleeper)) {
            loop.start();
            awaitQuietly(inPoll);
            loop.pollNow();
            loop.pollNow();
            release.countDown();
            sleeper.nextPause(); // cut short at once: the request came after the first poll began
            sleeper.nextPause();
            assertThat(polls).as("one more poll serves both requests").hasValue(2);
        }
    }

    @Test
    void closeStopsPolling() {
        PollLoop loop = new PollLoop(this::healthyPoll, store, INTERVAL, sleeper);
        loop.start();
        sleeper.nextPause();
        assertThat(loop.running()).isTrue();
        loop.close();
        assertThat(loop.running()).isFalse();
        sleeper.pass();
        assertThat(polls).hasValue(1);
    }

    @Test
    void aPollCutShortByCloseIsNotPublished() {
        CountDownLatch secondPollStarted = new CountDownLatch(1);
        Supplier<Observations> poll = () -> {
            if (polls.incrementAndGet() == 1) {
                return Observe.healthy().at(clock.instant());
            }
            secondPollStarted.countDown();
            try {
                new CountDownLatch(1).await(); // like a request, until close() interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Observe.healthy().jicofoHealth(Outcome.FAILED).at(clock.instant());
        };
        PollLoop loop = new PollLoop(poll, store, INTERVAL, sleeper);
        loop.start();
        sleeper.nextPause();
        sleeper.pass();
        Await.until(secondPollStarted::getCount, n -> n == 0, "the second poll");
        loop.close();
        assertThat(store.view().healthy()).as("a stopping sidecar must not tell HAProxy down").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
