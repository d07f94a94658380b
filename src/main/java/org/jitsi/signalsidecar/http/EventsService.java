package org.jitsi.signalsidecar.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.report.EventRecorder;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /signal/events}: the transition history, newest first, {@code ?limit=N} for the newest N
 * only. A limit that is not a whole number from 1 is answered 400.
 */
public final class EventsService implements HttpService {
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

    private final SnapshotStore store;
    private final EventRecorder events;

    public EventsService(SnapshotStore store, EventRecorder events) {
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public void routing(HttpRules rules) {
        Responses.signalRoute(rules, "/signal/events", this::events);
    }

    private void events(ServerRequest req, ServerResponse res) {
        List<String> limits = req.query().all("limit", List::of);
        OptionalInt limit = limits.size() == 1 ? limit(limits.getFirst()) : OptionalInt.of(events.max());
        res.header(Responses.NO_CACHE);
        if (limits.size() > 1 || limit.isEmpty()) {
            Responses.json(req, res, Status.BAD_REQUEST_400, g -> g.writeStringField("error",
                    "limit must be one whole number from 1, e.g. /signal/events?limit=10"));
            return;
        }
        Responses.send(req, res.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON),
                EventsJson.write(events.newestFirst(store.clock().instant(), limit.getAsInt())));
    }

    private static OptionalInt limit(String text) {
        if (!LIMIT.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        int limit = Integer.parseInt(text);
        return limit >= 1 ? OptionalInt.of(limit) : OptionalInt.empty();
    }
}
