package org.jitsi.signalsidecar.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jitsi.signalsidecar.consul.ConsulFeatures;

/**
 * The Consul series, registered only for the features that are on, and read from their state when
 * scraped: the watch's errors and index, and when the report was last stored.
 */
final class ConsulMetrics {
    static final String WATCH_ERRORS = "signal_consul_watch_errors";
    static final String INDEX = "signal_consul_index";
    static final String LAST_PUBLISH = "signal_consul_last_publish_timestamp_seconds";

    private ConsulMetrics() {
    }

    static void register(MeterRegistry meters, ConsulFeatures consul) {
        consul.watch().ifPresent(watch -> {
            Counter errors = Counter.builder(WATCH_ERRORS)
                    .description("Failed Consul watch queries and failed status file writes")
                    .register(meters);
            watch.countErrorsWith(errors::increment);
            Gauge.builder(INDEX, () -> (double) watch.state().index())
                    .description("The Consul index the status watch blocks on (0 before the first answer)")
                    .register(meters);
        });
        consul.publisher().ifPresent(publisher -> Gauge.builder(LAST_PUBLISH,
                        () -> publisher.state().lastSuccess().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("Unix time when Consul last stored the report (NaN before the first)")
                .register(meters));
    }
}
