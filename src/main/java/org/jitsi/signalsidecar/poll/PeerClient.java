package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;

import static java.util.Objects.requireNonNull;

/**
 * One GET to a peer with a timeout and a bounded body read. Never throws: refused, timed out and
 * broken requests come back as a {@link PeerResponse} with a cause.
 */
final class PeerClient implements AutoCloseable {
    private final WebClient client;
    private final Duration timeout;
    private final Clock clock;

    /** What came back: the response, and the first {@code maxBytes} of its body ({@code truncated} if there was more). */
    record Result(PeerResponse response, byte[] body, boolean truncated) {
    }

    /**
     * @param tls whether any peer is asked over https: without it the client sets up no TLS, whose
     *            context (the JDK's TLS stack and its trusted certificates) an http-only sidecar
     *            would build at start and keep in memory for nothing; an https URL then fails
     */
    PeerClient(Duration timeout, Clock clock, boolean tls) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        WebClientConfig.Builder builder = WebClient.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .proxy(Proxy.noProxy()); // the system's would look the peer's name up before each request
        if (!tls) {
            builder.tls(Tls.builder().enabled(false).build());
        }
        this.client = builder.build();
    }

    /**
     * @param url      the full URL
     * @param host     a {@code Host} header to send instead of the URL's
     * @param maxBytes read at most this many body bytes; more sets {@code truncated}
     */
    Result get(URI url, Optional<String> host, int maxBytes) {
        Instant start = clock.instant();
        // one connection per request, closed after it: with a peer that closes its end after
        // answering (HTTP/1.0, Connection: close) a kept connection failed the next request
        // (InsufficientDataAvailableException) and stayed open in CLOSE_WAIT, a descriptor per
        // request until a garbage collection; a poll's requests seconds apart gain nothing from it
        HttpClientRequest request = client.get(url.toString()).readTimeout(timeout).keepAlive(false);
        host.ifPresent(h -> request.header(HeaderNames.HOST, h));
        try (HttpClientResponse response = request.request()) {
            int status = response.status().code();
            byte[] body;
            try (InputStream in = response.inputStream()) {
                body = in.readNBytes(maxBytes + 1);
            }
            boolean truncated = body.length > maxBytes;
            if (truncated) {
                body = Arrays.copyOf(body, maxBytes);
            }
            return new Result(PeerResponse.responded(status, elapsed(start)), body, truncated);
        } catch (IOException e) {
            return failure(e, start);
        } catch (UncheckedIOException e) {
            return failure(e.getCause(), start);
        } catch (RuntimeException e) {
            return failure(e, start);
        }
    }

    private Result failure(Throwable error, Instant start) {
        Duration elapsed = elapsed(start);
        PeerResponse response = switch (classify(error)) {
            case REFUSED -> PeerResponse.refused(elapsed);
            case TIMED_OUT -> PeerResponse.failed(Outcome.TIMED_OUT, "no answer within " + timeout.toMillis() + " ms",
                    elapsed);
            case FAILED, RESPONDED, NOT_POLLED -> PeerResponse.failed(Outcome.FAILED,
                    Text.oneLine(error.getClass().getSimpleName() + ": " + error.getMessage()), elapsed);
        };
        return new Result(response, new byte[0], false);
    }

    private static Outcome classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return Outcome.REFUSED;
            }
            // a connect or read timeout (SocketTimeoutException), or the poll abandoning the request
            if (t instanceof InterruptedIOException) {
                return Outcome.TIMED_OUT;
            }
        }
        return Outcome.FAILED;
    }

    private Duration elapsed(Instant start) {
        return Duration.between(start, clock.instant());
    }

    @Override
    public void close() {
        client.closeResource();
    }
}
