package org.jitsi.signalsidecar;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.jitsi.signalsidecar.testing.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of a stop: grace, close, exit; a second signal cuts the grace short. */
class ShutdownTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private Shutdown shutdown(Duration grace, Runnable close) {
        return new Shutdown(() -> events.add("grace"), close, grace, Duration.ofMillis(300),
                status -> events.add("exit " + status), status -> events.add("halt " + status));
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
        shutdown(Duration.ofMillis(50), () -> events.add("close")).signalled("SIGTERM");
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
