package org.jitsi.signalsidecar.http.wire;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The answers Helidon writes itself, before or outside any route (a malformed request, a body too
 * large, a bad chunk): Helidon's own, with {@code X-Content-Type-Options: nosniff}, as every answer
 * of the sidecar has, and {@code Connection: close}: after a malformed request nothing that follows
 * on the connection can be trusted to start a request.
 */
final class DirectAnswers implements DirectHandler {
    private final DirectHandler helidon = DirectHandler.defaultHandler();

    static DirectHandlers handlers() {
        DirectAnswers answers = new DirectAnswers();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, answers);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        headers.set(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        headers.set(HeaderValues.CONNECTION_CLOSE);
        return helidon.handle(request, eventType, status, headers, message);
    }
}
