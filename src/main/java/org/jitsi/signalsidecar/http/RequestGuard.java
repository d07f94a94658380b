package org.jitsi.signalsidecar.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * What every request passes before any route: each answer says {@code X-Content-Type-Options:
 * nosniff}, and a request is refused with 400 unless its path is spelled the one plain way and it
 * has at most one {@code Host}. Helidon would route {@code //signal/report},
 * {@code /signal%2freport} or {@code /signal/report;x} as {@code /signal/report}, and
 * {@code /metrics/../signal/status} as {@code /signal/status}: a front proxy's rule on the path
 * (allow {@code /metrics}, deny {@code /signal/status}) would be bypassed. No route of the sidecar
 * has another spelling, so none is lost.
 */
final class RequestGuard implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        Optional<String> refusal = pathProblem(req.prologue().uriPath().rawPath())
                .or(() -> req.headers().contains(HeaderNames.HOST)
                        && req.headers().get(HeaderNames.HOST).allValues().size() > 1
                        ? Optional.of("more than one Host header") : Optional.empty());
        if (refusal.isPresent()) {
            Responses.send(req, res.status(Status.BAD_REQUEST_400)
                    .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                    .header(HeaderValues.CONNECTION_CLOSE), "Bad Request: " + refusal.get() + "\n");
            return;
        }
        chain.proceed();
    }

    /**
     * What is wrong with a request path as it came (before any decoding): a percent-encoded byte, a
     * backslash, a path parameter ({@code ;}), an empty segment ({@code //}, a trailing slash) or a
     * dot segment ({@code .}, {@code ..}); empty when it is plain. {@code /} alone is plain.
     */
    static Optional<String> pathProblem(String rawPath) {
        if (rawPath.equals("/")) {
            return Optional.empty();
        }
        if (!rawPath.startsWith("/")) {
            return Optional.of("the path must start with /");
        }
        if (rawPath.indexOf('%') >= 0 || rawPath.indexOf('\\') >= 0) {
            return Optional.of("the path must not hold encoded characters or backslashes");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("the path must not hold parameters (;)");
        }
        int start = 1;
        while (start <= rawPath.length()) { // each segment, without allocating: this runs for every request
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            int length = end - start;
            if (length == 0) {
                return Optional.of("the path must not hold empty segments (// or a trailing /)");
            }
            if (rawPath.charAt(start) == '.' && (length == 1 || length == 2 && rawPath.charAt(start + 1) == '.')) {
                return Optional.of("the path must not hold dot segments (. or ..)");
            }
            start = end + 1;
        }
        return Optional.empty();
    }
}
