package org.jitsi.signalsidecar.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;

import org.jitsi.signalsidecar.report.EventRecorder;
import org.jitsi.signalsidecar.report.NumberHistory;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /} (and {@code HEAD}): the live status page for people, rendered from the latest
 * snapshot on each request; read-only, and it shows nothing the report and the events do not.
 */
public final class StatusPageService implements HttpService {
    private final SnapshotStore store;
    private final EventRecorder events;
    private final NumberHistory numbers;
    private final StatusPage page = StatusPage.load();

    public StatusPageService(SnapshotStore store, EventRecorder events, NumberHistory numbers) {
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
        this.numbers = requireNonNull(numbers, "numbers is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .head("/", this::page)
                .any("/", Responses.methodNotAllowed("GET, HEAD"));
    }

    private void page(ServerRequest req, ServerResponse res) {
        Instant now = store.clock().instant();
        Snapshot snapshot = store.current();
        String html = page.render(snapshot, now, snapshot.agentReplyAt(now),
                events.newestFirst(now, StatusPage.EVENTS_SHOWN), numbers.window(now));
        Responses.page(req, res, html, page.contentSecurityPolicy());
    }
}
