package org.jitsi.signalsidecar.http.wire;

/**
 * Counts the bytes of one request's header section as they pass, up to the empty line that ends it
 * ({@code LF CR LF} or {@code LF LF}); what follows is a body and is not counted. Only the
 * connection's reading thread uses it.
 */
final class HeaderSection {
    private boolean counting;
    private long bytes;
    /** The last byte was the LF ending a line (the request line's, at first). */
    private boolean lineStart;
    /** The last bytes were a line's LF and then a CR. */
    private boolean lineStartCr;

    /** A request line has just been read: its header section starts. */
    void start() {
        counting = true;
        bytes = 0;
        lineStart = true;
        lineStartCr = false;
    }

    /** Counts {@code data}; true once the section has grown beyond {@code max} bytes. */
    boolean tooLong(byte[] data, int max) {
        for (int i = 0; i < data.length && counting; i++) {
            byte b = data[i];
            if (b == '\n' && (lineStart || lineStartCr)) {
                counting = false;
                return false;
            }
            if (++bytes > max) {
                counting = false;
                return true;
            }
            lineStartCr = lineStart && b == '\r';
            lineStart = b == '\n';
        }
        return false;
    }
}
