package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners hear of every publication in order, outside the store's lock. */
class SnapshotListenersTest {
    private final MutableClock clock = new MutableClock();
    private final SnapshotStore store = new SnapshotStore(
            Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO),
                    AgentExtensions.NONE, false), clock);
    private final List<Snapshot> heard = new CopyOnWriteArrayList<>();

    @Test
    void aSlowListenerDoesNotHoldUpTheNextPublication() throws InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.addListener((previous, current) -> {
            heard.add(current);
            if (heard.size() == 1) {
                listening.countDown();
                awaitQuietly(release); // a dump script being started, say
            }
        });
        Thread poll = Thread.ofVirtual().start(() ->
                store.publishPoll(store.current(), Observe.healthy().status("ready").at(clock.instant())));
        listening.await();
        Snapshot polled = store.current();

        assertThat(store.amendStatusFile(StatusFileReading.read("drain")))
                .as("an amendment while the listener of the poll is busy").isTrue();
        assertThat(store.view().status()).isEqualTo(NodeStatus.DRAIN);
        assertThat(heard).as("the busy listener hears of it after the poll").containsExactly(polled);

        release.countDown();
        poll.join();
        assertThat(heard).containsExactly(polled, store.current());
    }

    @Test
    void aListenerThatPublishesHearsOfItsPublicationAfterTheOneItWasToldOf() {
        List<String> order = new CopyOnWriteArrayList<>();
        store.addListener((previous, current) -> {
            order.add("first hears " + current.stopping());
            if (!current.stopping()) {
                store.stopping();
            }
        });
        store.addListener((previous, current) -> order.add("second hears " + current.stopping()));
        store.publishPoll(store.current(), Observe.healthy().at(clock.instant()));
        Await.until(() -> order.size(), n -> n == 4, "both publications told to both listeners");
        assertThat(order).containsExactly("first hears false", "second hears false", "first hears true",
                "second hears true");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
