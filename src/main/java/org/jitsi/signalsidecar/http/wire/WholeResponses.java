package org.jitsi.signalsidecar.http.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Answers written to Helidon's output stream go out whole with a {@code Content-Length}, never
 * chunked: HTTP/1.0 clients cannot read chunked bodies. The sidecar's own routes and {@code /metrics}
 * send bytes, which Helidon always sends with their length; the health observer writes its JSON to
 * the output stream and flushes, which Helidon turns into a chunked body. On the given paths this
 * holds what is written until the stream closes, then hands it to Helidon in one write, which Helidon
 * sends with its length. (Only there: with a stream filter set, Helidon sends bytes through the
 * stream too, and a HEAD answer's {@code Content-Length} would become 0.)
 */
final class WholeResponses implements Filter {
    private final Set<String> paths;

    /** @param paths the paths whose handlers write to the output stream */
    WholeResponses(Set<String> paths) {
        this.paths = Set.copyOf(paths);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // an authority-form target (CONNECT host:443) has no path: the route guard answers it 400
        String path = req.path().path();
        if (path != null && paths.contains(path)) {
            res.streamFilter(Whole::new);
        }
        chain.proceed();
    }

    /** Collects until closed; flushes in between are ignored, as they would start a chunked body. */
    private static final class Whole extends OutputStream {
        private final OutputStream helidon;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        private boolean closed;

        Whole(OutputStream helidon) {
            this.helidon = helidon;
        }

        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (body.size() > 0) {
                helidon.write(body.toByteArray());
            }
            helidon.close();
        }
    }
}
