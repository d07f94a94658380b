package org.jitsi.signalsidecar.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.TestSleeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundLoopTest {
    private static final Duration PERIOD = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock();
    private final TestSleeper sleeper = new TestSleeper(clock);
    private final AtomicInteger rounds = new AtomicInteger();
    private final List<Boolean> wholePauses = new CopyOnWriteArrayList<>();
    private final AtomicReference<BackgroundLoop> self = new AtomicReference<>();

    private BackgroundLoop counting() {
        BackgroundLoop loop = BackgroundLoop.virtual("test-loop", sleeper, () -> {
            while (!self.get().stopping()) {
                rounds.incrementAndGet();
                wholePauses.add(self.get().pause(PERIOD));
            }
        });
        self.set(loop);
        return loop;
    }

    @Test
    void nothingRunsBeforeStartAndTheThreadHasTheLoopsName() {
        AtomicReference<String> name = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.virtual("named-loop", sleeper, () -> {
            name.set(Thread.currentThread().getName());
            ran.countDown();
        });
        assertThat(loop.alive()).isFalse();
        assertThat(ran.getCount()).as("built, not started").isEqualTo(1);
        loop.start();
        Await.until(ran::getCount, n -> n == 0, "the body");
        assertThat(name.get()).isEqualTo("named-loop");
        loop.close();
    }

    @Test
    void pausesGoThroughTheSleeperOnTheTestClock() {
        try (BackgroundLoop loop = counting()) {
            loop.start();
            assertThat(sleeper.nextPause()).isEqualTo(PERIOD);
            sleeper.pass();
            assertThat(sleeper.nextPause()).isEqualTo(PERIOD);
            assertThat(rounds).hasValue(2);
            assertThat(wholePauses).containsExactly(true);
        }
    }

    @Test
    void wakeEndsThePauseUnderWayEarly() {
        try (BackgroundLoop loop = counting()) {
            loop.start();
            sleeper.nextPause();
            loop.wake();
            sleeper.nextPause();
            assertThat(rounds).hasValue(2);
            assertThat(wholePauses).containsExactly(false);
        }
    }

    @Test
    void closeEndsThePauseAndWaitsForTheThread() {
        BackgroundLoop loop = counting();
        loop.start();
        sleeper.nextPause();
        assertThat(loop.alive()).isTrue();
        loop.close();
        assertThat(loop.alive()).as("joined").isFalse();
        assertThat(rounds).hasValue(1);
    }

    @Test
    void closeUnblocksACallTheBodyIsBlockedIn() throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.platform("blocked-loop", sleeper, blocked::countDown, () -> {
            entered.countDown();
            while (blocked.getCount() > 0) {
                Thread.onSpinWait(); // deaf to interrupts, like a selector or a socket read
            }
        });
        loop.start();
        entered.await();
        loop.close();
        assertThat(loop.alive()).isFalse();
    }

    @Test
    void aLoopClosedBeforeItStartedNeverStartsAndStartsOnlyOnce() {
        BackgroundLoop loop = counting();
        loop.close();
        loop.start();
        assertThat(loop.alive()).isFalse();
        assertThat(rounds).hasValue(0);
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
    }
}
