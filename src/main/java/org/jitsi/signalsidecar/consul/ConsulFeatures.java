package org.jitsi.signalsidecar.consul;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;

import static java.util.Objects.requireNonNull;

/**
 * What the sidecar runs against Consul, as configured: the status watch, the report publisher,
 * both or neither, sharing one client. {@link #start} after the poll loop; {@link #close} before it.
 */
public final class ConsulFeatures implements AutoCloseable {
    private final Optional<ConsulClient> client;
    private final Optional<ConsulWatch> watch;
    private final Optional<ConsulPublisher> publisher;

    private ConsulFeatures(Optional<ConsulClient> client, Optional<ConsulWatch> watch,
                           Optional<ConsulPublisher> publisher) {
        this.client = client;
        this.watch = watch;
        this.publisher = publisher;
    }

    /**
     * Builds, does not start.
     *
     * @param settings       the Consul settings
     * @param requestTimeout connect timeout, and the read timeout of writes
     * @param statusWriter   the status file the watch writes
     * @param pollNow        asks the poll loop for a poll at once; called after each word the watch writes
     * @param store          the snapshots the publisher reads; it is added to the store as a listener
     * @param sleeper        how the watch and the publisher wait
     */
    public static ConsulFeatures of(ConsulSettings settings, Duration requestTimeout, StatusFileWriter statusWriter,
                                    Runnable pollNow, SnapshotStore store, Clock clock, Sleeper sleeper) {
        requireNonNull(settings, "settings is null");
        if (!settings.enabled()) {
            return none();
        }
        ConsulClient client = new ConsulClient(settings, requestTimeout);
        Optional<ConsulWatch> watch = settings.watchStatus()
                ? Optional.of(new ConsulWatch(client, settings.statusKey(), statusWriter, pollNow,
                        ConsulWatch.Timing.of(settings.watchWait()), clock, Math::random, sleeper))
                : Optional.empty();
        Optional<ConsulPublisher> publisher = settings.publishReports()
                ? Optional.of(new ConsulPublisher(client, settings.reportKey(), settings.reportInterval(),
                        settings.censusReports(), store, sleeper))
                : Optional.empty();
        publisher.ifPresent(store::addListener);
        return new ConsulFeatures(Optional.of(client), watch, publisher);
    }

    /** Neither feature. */
    public static ConsulFeatures none() {
        return new ConsulFeatures(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public void start() {
        watch.ifPresent(ConsulWatch::start);
        publisher.ifPresent(ConsulPublisher::start);
    }

    /** The watch or the publisher is on. */
    public boolean enabled() {
        return client.isPresent();
    }

    public Optional<ConsulWatch> watch() {
        return watch;
    }

    public Optional<ConsulPublisher> publisher() {
        return publisher;
    }

    @Override
    public void close() {
        watch.ifPresent(ConsulWatch::close);
        publisher.ifPresent(ConsulPublisher::close);
        client.ifPresent(ConsulClient::close);
    }
}
