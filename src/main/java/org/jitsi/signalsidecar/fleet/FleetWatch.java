package org.jitsi.signalsidecar.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.consul.ConsulPrefixClient;
import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Sleeper;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the latest read of the fleet for the status page's {@code /fleet}: a blocking query on
 * the report prefix ({@code fleet-watch}, on its own thread), at most one publishing interval
 * long so ages and stale marks move on without a write; after a failed read, the next comes an
 * interval later. It reads only while someone looks: a view wakes it, and {@link #VIEWED_FOR}
 * after the last view it forgets what it read and idles, so a fleet of sidecars does not read
 * every report of the environment at each publication. Readers never wait for Consul. Thread-safe.
 */
public final class FleetWatch implements AutoCloseable {
    /** How long after the last view the watch keeps reading. */
    public static final Duration VIEWED_FOR = Duration.ofSeconds(30);

    private final ConsulPrefixClient client;
    private final FleetReader reader;
    private final Duration interval;
    private final BackgroundLoop loop;
    private final Clock clock;
    private final AtomicReference<Optional<FleetReader.Result>> latest = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Instant> viewed = new AtomicReference<>(Instant.MIN);

    public FleetWatch(ConsulSettings settings, FleetReader.Prefixes prefixes, Duration requestTimeout, Clock clock,
                      Sleeper sleeper) {
        requireNonNull(settings, "settings is null");
        this.client = new ConsulPrefixClient(settings, requestTimeout);
        this.interval = settings.reportInterval();
        this.clock = requireNonNull(clock, "clock is null");
        this.reader = new FleetReader(client, prefixes, interval, clock);
        this.loop = BackgroundLoop.platform("fleet-watch", sleeper, client::close, this::run);
    }

    /** The latest read, or empty before the first one ended; counts as a view, which wakes an idle watch. */
    public Optional<FleetReader.Result> latest() {
        if (viewed.getAndSet(clock.instant()).isBefore(clock.instant().minus(VIEWED_FOR))) {
            loop.wake();
        }
        return latest.get();
    }

    public FleetReader.Prefixes prefixes() {
        return reader.prefixes();
    }

    public void start() {
        loop.start();
    }

    private void run() {
        long index = 0;
        while (!loop.stopping()) {
            if (viewed.get().isBefore(clock.instant().minus(VIEWED_FOR))) {
                latest.set(Optional.empty());
                index = 0;
                loop.pause(BackgroundLoop.UNTIL_WOKEN);
                continue;
            }
            FleetReader.Result result = reader.read(index, interval);
            if (loop.stopping()) {
                return;
            }
            latest.set(Optional.of(result));
            switch (result) {
                case FleetReader.Result.Read read -> index = read.reportIndex();
                case FleetReader.Result.Failed failed -> {
                    index = 0;
                    loop.pause(interval);
                }
            }
        }
    }

    @Override
    public void close() {
        loop.close();
        client.close();
    }
}
