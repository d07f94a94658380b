package org.jitsi.signalsidecar.consul;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.TestSleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the watch paces its queries against a Consul that answers at once, or not at all. Its pauses
 * go through a {@link TestSleeper}: the test sees each one and lets it pass, on a test clock.
 */
class ConsulWatchPacingIT {
    private static final String KEY = "shard-states/test/shard-1";
    private static final Duration IDLE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final TestSleeper sleeper = new TestSleeper(clock);

    private static ConsulClient client(String origin) {
        ConsulSettings settings = new ConsulSettings(URI.create(origin), Optional.empty(), true, KEY, false,
                "shard-report", Duration.ofSeconds(60), false, Duration.ofSeconds(2));
        return new ConsulClient(settings, Duration.ofSeconds(1));
    }

    private ConsulWatch watch(ConsulClient client, AtomicInteger written) {
        return new ConsulWatch(client, KEY, new StatusFileWriter(dir.resolve("shard-status")), written::incrementAndGet,
                new ConsulWatch.Timing(Duration.ofSeconds(2), IDLE, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                clock, () -> 0.0, sleeper);
    }

    /** The queries the double has recorded, once there are {@code expected} (it records them after answering). */
    private static int queries(ConsulKvDouble consul, int expected) {
        return Await.until(() -> consul.requests().size(), n -> n >= expected, expected + " queries");
    }

    @Test
    void answersThatBringNothingNewAreSpacedAfterABurstOfTwo() {
        try (ConsulKvDouble consul = new ConsulKvDouble()) {
            consul.put(KEY, "drain");
            consul.answerAtOnce(true);
            AtomicInteger written = new AtomicInteger();
            try (ConsulClient client = client(consul.origin()); ConsulWatch watch = watch(client, written)) {
                watch.start();
                // 1: the first read (a change), 2 and 3: the burst, 4: the first idle answer paced
                assertThat(sleeper.nextPause()).as("the pause after the burst").isEqualTo(IDLE);
                assertThat(queries(consul, 4)).as("no query while the watch pauses").isEqualTo(4);
                for (int query = 5; query <= 6; query++) {
                    sleeper.pass();
                    assertThat(sleeper.nextPause()).as("the pause after query %d", query).isEqualTo(IDLE);
                    assertThat(queries(consul, query)).isEqualTo(query);
                }
                assertThat(written).hasValue(1);
                assertThat(watch.state().errors()).isZero();
            }
        }
    }

    @Test
    void anUnreachableConsulIsAskedLessAndLessOften() {
        String origin = "http://127.0.0.1:" + FreePort.pick();
        AtomicInteger written = new AtomicInteger();
        try (ConsulClient client = client(origin); ConsulWatch watch = watch(client, written)) {
            watch.start();
            // the lowest jitter: half the delay, doubling from 1 s up to half the cap
            for (long millis : new long[] {500, 1000, 2000, 4000, 8000, 15_000, 15_000}) {
                assertThat(sleeper.nextPause()).isEqualTo(Duration.ofMillis(millis));
                sleeper.pass();
            }
            Await.until(() -> watch.state().errors(), errors -> errors >= 8, "eight failed attempts");
            ConsulWatch.State state = watch.state();
            assertThat(state.connected()).isFalse();
            assertThat(state.lastError()).hasValue("Consul refused the connection");
            assertThat(written).hasValue(0);
        }
    }
}
