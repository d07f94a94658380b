package org.jitsi.signalsidecar.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.control.BearerToken;
import org.jitsi.signalsidecar.control.FailureLimiter;
import org.jitsi.signalsidecar.control.FailureLog;
import org.jitsi.signalsidecar.control.StatusControl;
import org.jitsi.signalsidecar.report.StatusWord;

import static java.util.Objects.requireNonNull;

/**
 * The drain-control API, registered only when a token is configured: {@code GET /signal/status}
 * answers the status word the sidecar acts on, {@code PUT /signal/status} with {@code ready},
 * {@code drain} or {@code maint} sets it. Both need {@code Authorization: Bearer <token>}.
 *
 * <p>In order: the right token is always let through, whatever failed before; otherwise a failure
 * over the {@link FailureLimiter}'s limits gets 429 (with {@code Retry-After}), no or a non-Bearer
 * {@code Authorization} 401 (with {@code WWW-Authenticate}) and a wrong token 403; failures are
 * logged at warn through a {@link FailureLog}. With the right token, a body over {@value #MAX_BODY_BYTES} bytes 413; another
 * word 400; then 200 once the new word is in effect (202 if no poll published it in time; it is
 * written all the same), 500 if the file cannot be written. Neither the expected nor the presented
 * token is ever logged or echoed.
 */
public final class StatusService implements HttpService {
    /** A word and a newline fit many times over. */
    static final int MAX_BODY_BYTES = 256;
    static final String PATH = "/signal/status";
    private static final String CHALLENGE = "Bearer realm=\"signal-sidecar\"";
    private static final String WORDS = "ready, drain or maint";
    private static final System.Logger LOGGER = System.getLogger(StatusService.class.getName());

    private final StatusControl control;
    private final BearerToken token;
    private final FailureLimiter limiter;
    private final FailureLog failures;

    public StatusService(StatusControl control, BearerToken token, FailureLimiter limiter, FailureLog failures) {
        this.control = requireNonNull(control, "control is null");
        this.token = requireNonNull(token, "token is null");
        this.limiter = requireNonNull(limiter, "limiter is null");
        this.failures = requireNonNull(failures, "failures is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::get)
                .head(PATH, this::get)
                .put(PATH, this::put)
                .any(PATH, Responses.methodNotAllowed("GET, HEAD, PUT"));
    }

    private void get(ServerRequest req, ServerResponse res) {
        if (authorized(req, res)) {
            text(req, res, Status.OK_200, control.current());
        }
    }

    private void put(ServerRequest req, ServerResponse res) {
        if (!authorized(req, res)) {
            return;
        }
        Optional<String> body = body(req);
        if (body.isEmpty()) {
            text(req, res, Status.REQUEST_ENTITY_TOO_LARGE_413, "the body must be one word: " + WORDS);
            return;
        }
        StatusWord word = StatusWord.parse(body.get());
        switch (word) {
            case READY, DRAIN, MAINT -> set(word, req, res);
            case UNHEALTHY, NONE, OTHER -> text(req, res, Status.BAD_REQUEST_400, "expected the body " + WORDS);
        }
    }

    private void set(StatusWord word, ServerRequest req, ServerResponse res) {
        try {
            StatusControl.Change change = control.set(word, client(req));
            text(req, res, change.inEffect() ? Status.OK_200 : Status.ACCEPTED_202, change.current());
        } catch (IOException e) {
            text(req, res, Status.INTERNAL_SERVER_ERROR_500, e.getMessage());
        }
    }

    /** Answers 401, 403 or 429 and returns false unless the request carries the right token. */
    private boolean authorized(ServerRequest req, ServerResponse res) {
        BearerToken.Verdict verdict = token.check(req.headers().first(HeaderNames.AUTHORIZATION));
        return switch (verdict) {
            case ACCEPTED -> true;
            case MISSING, NOT_BEARER, WRONG_TOKEN -> {
                refuse(verdict == BearerToken.Verdict.WRONG_TOKEN, client(req), req, res);
                yield false;
            }
        };
    }

    private void refuse(boolean wrongToken, String client, ServerRequest req, ServerResponse res) {
        Optional<Duration> wait = limiter.failed(client);
        FailureLog.Kind kind = wait.isPresent() ? FailureLog.Kind.LIMITED
                : wrongToken ? FailureLog.Kind.WRONG_TOKEN : FailureLog.Kind.NO_TOKEN;
        failures.failed(client, kind).ifPresent(line -> LOGGER.log(System.Logger.Level.WARNING, line));
        switch (kind) {
            case LIMITED -> {
                long seconds = Math.max(1, (wait.orElseThrow().toMillis() + 999) / 1000);
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
                text(req, res, Status.TOO_MANY_REQUESTS_429, "too many failed requests; retry in " + seconds + " s");
            }
            case NO_TOKEN -> {
                res.header(HeaderNames.WWW_AUTHENTICATE, CHALLENGE);
                text(req, res, Status.UNAUTHORIZED_401, "send Authorization: Bearer <token>");
            }
            case WRONG_TOKEN -> text(req, res, Status.FORBIDDEN_403, "wrong token");
        }
    }

    /** Logs the summary of failed requests if one is due; call it now and then (each poll does). */
    public void flushFailureLog() {
        failures.flush().ifPresent(line -> LOGGER.log(System.Logger.Level.WARNING, line));
    }

    /** The body as text, or empty when it is longer than {@value #MAX_BODY_BYTES} bytes. */
    private static Optional<String> body(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES
                    ? Optional.empty()
                    : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** The peer's IP address: who the rate limit and the log name. */
    private static String client(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : req.remotePeer().host();
    }

    private static void text(ServerRequest req, ServerResponse res, Status status, String body) {
        Responses.send(req, res.status(status)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .header(Responses.NO_CACHE), body + "\n");
    }
}
