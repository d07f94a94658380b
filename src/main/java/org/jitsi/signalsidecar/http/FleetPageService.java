package org.jitsi.signalsidecar.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;

import org.jitsi.signalsidecar.fleet.FleetWatch;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /fleet} (and {@code HEAD}): every shard of the environment, as the latest read of
 * Consul by the {@link FleetWatch} found it; read-only, and no request waits for Consul.
 */
public final class FleetPageService implements HttpService {
    private final FleetWatch watch;
    private final Duration interval;
    private final FleetPage page = FleetPage.load();

    public FleetPageService(FleetWatch watch, Duration interval) {
        this.watch = requireNonNull(watch, "watch is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/fleet", this::page)
                .head("/fleet", this::page)
                .any("/fleet", Responses.methodNotAllowed("GET, HEAD"));
    }

    private void page(ServerRequest req, ServerResponse res) {
        String html = page.render(watch.latest(), watch.prefixes(), interval);
        Responses.page(req, res, html, page.contentSecurityPolicy());
    }
}
