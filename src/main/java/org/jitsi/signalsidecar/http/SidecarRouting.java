package org.jitsi.signalsidecar.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

import java.lang.System.Logger.Level;

import org.jitsi.signalsidecar.report.SnapshotStore;

/** Every HTTP route of the sidecar, in one place. */
public final class SidecarRouting {
    private static final System.Logger LOG = System.getLogger(SidecarRouting.class.getName());

    private SidecarRouting() {
    }

    public static void routing(HttpRouting.Builder routing, SnapshotStore store, boolean reportAlways200) {
        routing.register(new SignalService(store, reportAlways200))
                .get("/health", (req, res) -> res.header(HeaderValues.CONTENT_TYPE_JSON).send("{\"status\":\"UP\",\"checks\":[]}"))
                .any("/health", Responses::methodNotAllowed)
                .error(Throwable.class, (req, res, error) -> {
                    LOG.log(Level.ERROR, "Request " + req.prologue().method().text() + " "
                            + req.path().path() + " failed.", error);
                    res.status(Status.INTERNAL_SERVER_ERROR_500)
                            .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                            .send("Internal Server Error");
                });
    }
}
