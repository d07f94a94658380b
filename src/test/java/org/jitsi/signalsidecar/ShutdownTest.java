package org.jitsi.signalsidecar;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.TestSleeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of a stop: grace, close, exit; a second signal cuts the grace short. The waits run on a test clock. */
class ShutdownTest {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final TestSleeper sleeper = new TestSleeper(new MutableClock());

    private Shutdown shutdown(Duration grace, Runnable close) {
        return new Shutdown(() -> events.add("grace"), close, grace, STOP_LIMIT,
                status -> events.add("exit " + status), status -> events.add("halt " + status), sleeper);
    }

    private List<String> awaitEvents(int count) {
        return Await.until(() -> List.copyOf(events), e -> e.size() >= count, "" + count + " events");
    }

    @Test
    void withoutAGraceTheFirstSignalClosesAndExitsZero() {
        shutdown(Duration.ZERO, () -> events.add("close")).signalled("SIGTERM");
        assertThat(awaitEvents(2)).containsExactly("close", "exit 0");
    }

    @Test
    void aSecondSignalEndsTheGraceAtOnce() {
        Shutdown shutdown = shutdown(Duration.ofHours(1), () -> events.add("close"));
        shutdown.signalled("SIGTERM");
        assertThat(awaitEvents(1)).containsExactly("grace");

        shutdown.signalled("SIGINT");

        assertThat(awaitEvents(3)).containsExactly("grace", "close", "exit 0");
    }

    @Test
    void theGraceEndsByItself() {
        shutdown(Duration.ofSeconds(30), () -> events.add("close")).signalled("SIGTERM");
        assertThat(sleeper.nextPause()).as("the grace").isEqualTo(Duration.ofSeconds(30));
        assertThat(events).containsExactly("grace");
        sleeper.pass();
        assertThat(awaitEvents(3)).containsExactly("grace", "close", "exit 0");
    }

    @Test
    void aCloseThatOverrunsItsLimitHaltsWithStatusOne() {
        CountDownLatch never = new CountDownLatch(1);
        shutdown(Duration.ZERO, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).signalled("SIGTERM");
        assertThat(sleeper.nextPause()).as("the stop limit").isEqualTo(STOP_LIMIT);
        assertThat(events).as("no halt before the limit").isEmpty();
        sleeper.pass();
        assertThat(awaitEvents(1)).containsExactly("halt 1");
        never.countDown();
    }

    @Test
    void laterSignalsChangeNothing() {
        Shutdown shutdown = shutdown(Duration.ofHours(1), () -> events.add("close"));
        shutdown.signalled("SIGTERM");
        awaitEvents(1);
        shutdown.signalled("SIGTERM");
        shutdown.signalled("SIGTERM");
        assertThat(awaitEvents(3)).containsExactly("grace", "close", "exit 0");
    }
}
