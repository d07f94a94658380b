package org.jitsi.signalsidecar.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

import org.jitsi.signalsidecar.report.JsonBytes;

/** Short answers shared by the services: errors are small, never a stack trace. */
final class Responses {
    private Responses() {
    }

    /**
     * Answers that must never be cached, in one {@code Cache-Control} header line (Helidon's
     * {@code HeaderValues.CACHE_NO_CACHE} holds the same directives as four values, which it sends
     * as four lines).
     */
    static final Header NO_CACHE = HeaderValues.create(HeaderNames.CACHE_CONTROL,
            "no-cache, no-store, must-revalidate, no-transform");

    /** What the /signal routes answer, as the Node.js sidecar did. */
    static final String SIGNAL_METHODS = "GET, HEAD, OPTIONS";

    /** GET, and HEAD and OPTIONS as express answered them (HAProxy's httpchk may send either); others 405. */
    static void signalRoute(HttpRules rules, String path, Handler handler) {
        rules.get(path, handler)
                .head(path, handler)
                .options(path, Responses::options)
                .any(path, methodNotAllowed(SIGNAL_METHODS));
    }

    /** OPTIONS as express answered it: 200 with the allowed methods (HAProxy's default httpchk sends it). */
    static void options(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.ALLOW, SIGNAL_METHODS)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .send(SIGNAL_METHODS);
    }

    /** 405 naming the methods the path does answer. */
    static Handler methodNotAllowed(String allowed) {
        return (req, res) -> send(req, res.status(Status.METHOD_NOT_ALLOWED_405)
                .header(HeaderNames.ALLOW, allowed)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN), "Method Not Allowed");
    }

    /**
     * Sends {@code body}, or for a HEAD request only its length: Helidon sends what it is given, and
     * a body after a HEAD answer would be read as the start of the next answer on a kept-alive
     * connection.
     */
    static void send(ServerRequest req, ServerResponse res, byte[] body) {
        if (req.prologue().method().equals(Method.HEAD)) {
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length)).send();
        } else {
            res.send(body);
        }
    }

    static void send(ServerRequest req, ServerResponse res, String body) {
        send(req, res, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A page for people, with the headers that keep it to itself: never cached, its own content
     * security policy, no type sniffing, no referrer.
     */
    static void page(ServerRequest req, ServerResponse res, String html, String contentSecurityPolicy) {
        send(req, res.status(Status.OK_200)
                .header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8")
                .header(NO_CACHE)
                .header(HeaderNames.create("Content-Security-Policy"), contentSecurityPolicy)
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .header(HeaderNames.create("Referrer-Policy"), "no-referrer"), html);
    }

    /** A small JSON object as the whole response. */
    static void json(ServerRequest req, ServerResponse res, Status status, JsonBytes.Fields fields) {
        send(req, res.status(status).header(HeaderValues.CONTENT_TYPE_JSON), JsonBytes.object(256, fields));
    }
}
