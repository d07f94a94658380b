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

    /** {@link #scan}: the section goes on past {@code data}. */
    static final int GOES_ON = -1;
    /** {@link #scan}: the section has grown beyond its limit. */
    static final int TOO_LONG = -2;

    /** Whether a section is being counted: a request line was read and its empty line not yet. */
    boolean open() {
        return counting;
    }

    /**
     * Counts {@code data}: the index just past the empty line that ends the section if it is in
     * {@code data} (what follows is a body), {@link #GOES_ON}, or {@link #TOO_LONG} once the section
     * has grown beyond {@code max} bytes.
     */
    int scan(byte[] data, int max) {
        for (int i = 0; i < data.length && counting; i++) {
            byte b = data[i];
            if (b == '\n' && (lineStart || lineStartCr)) {
                counting = false;
                return i + 1;
            }
            if (++bytes > max) {
                counting = false;
                return TOO_LONG;
            }
            lineStartCr = lineStart && b == '\r';
            lineStart = b == '\n';
        }
        return GOES_ON;
    }
}
