package org.jitsi.signalsidecar.consul;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the watch paces its queries against a Consul that answers at once, or not at all. */
class ConsulWatchPacingIT {
    private static final String KEY = "shard-states/test/shard-1";
    private static final Duration IDLE = Duration.ofMillis(400);

    @TempDir
    Path dir;

    private static ConsulClient client(String origin) {
        ConsulSettings settings = new ConsulSettings(URI.create(origin), Optional.empty(), true, KEY, false,
                "shard-report", Duration.ofSeconds(60), false, Duration.ofSeconds(2));
        return new ConsulClient(settings, Duration.ofSeconds(1));
    }

    private ConsulWatch watch(ConsulClient client, AtomicInteger written) {
        return new ConsulWatch(client, KEY, new StatusFileWriter(dir.resolve("shard-status")), written::incrementAndGet,
                new ConsulWatch.Timing(Duration.ofSeconds(2), IDLE, Duration.ofMillis(200), Duration.ofMillis(800),
                        Duration.ofSeconds(5)),
                Clock.systemUTC(), () -> 0.5);
    }

    @Test
    void answersThatBringNothingNewAreSpacedAfterABurstOfTwo() {
        try (ConsulKvDouble consul = new ConsulKvDouble()) {
            consul.put(KEY, "drain");
            consul.answerAtOnce(true);
            AtomicInteger written = new AtomicInteger();
            try (ConsulClient client = client(consul.origin()); ConsulWatch watch = watch(client, written)) {
                watch.start();
                List<ConsulKvDouble.Request> requests = Await.until(consul::requests, r -> r.size() >= 6,
                        "six queries");
                // 1: the first read (a change), 2 and 3: the burst, then one every IDLE at most
                for (int i = 4; i < 6; i++) {
                    Duration gap = Duration.between(requests.get(i - 1).arrived(), requests.get(i).arrived());
                    assertThat(gap).as("gap before query %d", i + 1).isGreaterThanOrEqualTo(IDLE.minusMillis(50));
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
            Await.until(() -> watch.state().errors(), errors -> errors >= 4, "four failed attempts");
            ConsulWatch.State state = watch.state();
            assertThat(state.connected()).isFalse();
            assertThat(state.lastError()).hasValue("Consul refused the connection");
            assertThat(written).hasValue(0);
        }
    }
}
