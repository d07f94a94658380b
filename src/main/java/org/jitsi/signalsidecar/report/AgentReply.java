package org.jitsi.signalsidecar.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the TCP agent sends HAProxy: the report's {@code agentmessage} ({@link NodeView#agentMessage()}),
 * then the enabled {@link AgentExtensions}, then a newline: {@code up ready 100%},
 * {@code up ready 100% maxconn:500}, {@code down ready 0% # jicofo health refused the connection}.
 * Each {@link Snapshot} builds one per flap adjustment, so a connection only writes bytes made earlier.
 *
 * <p>HAProxy reads only the first line, splits it into words at spaces, tabs and commas, and stops
 * at a {@code #}: what follows is a description it displays but never parses. So the reason goes
 * last, and whatever it says cannot change the state or the weight HAProxy applies.
 */
public final class AgentReply {
    /** HAProxy keeps 127 bytes of check description, its own {@code via agent : down (…)} included. */
    static final int MAX_REASON_LENGTH = 100;
    private static final String ELLIPSIS = "...";

    private final NodeView view;
    private final String line;
    private final byte[] bytes;

    private AgentReply(NodeView view, String line) {
        this.view = view;
        this.line = line;
        this.bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param view       the node as the reply describes it
     * @param reason     why it is not simply up, as {@link #reason} gives it (one clean line); empty for none
     * @param extensions which optional words to add
     */
    public static AgentReply of(NodeView view, String reason, AgentExtensions extensions) {
        requireNonNull(view, "view is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(extensions, "extensions is null");
        StringBuilder line = new StringBuilder(view.agentMessage());
        extensions.maxconn().ifPresent(max -> line.append(" maxconn:").append(max));
        if (extensions.reason() && !reason.isEmpty()) {
            line.append(" # ").append(reason);
        }
        return new AgentReply(view, line.toString());
    }

    /** The node as the reply describes it (what the metrics count). */
    public NodeView view() {
        return view;
    }

    /** The line without its newline. */
    public String line() {
        return line;
    }

    /** What goes on the wire: the line and its newline, in ASCII. Shared: never modify it. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return line;
    }

    /**
     * Why the node is reported as it is: empty for a healthy node outside any flap window;
     * {@code no poll finished yet} before the first poll; {@code drain grace: <problems>} while a
     * soft-down node is held up-but-draining; {@code recovered; held down by health dampening} while a
     * recovered node is still reported down; otherwise the assessment's problems, joined by {@code ; };
     * {@link #sanitise sanitised}.
     */
    static String reason(Adjustment adjustment, boolean polled, List<String> problems) {
        if (!polled) {
            return "no poll finished yet";
        }
        String joined = String.join("; ", problems);
        return sanitise(switch (adjustment) {
            case NONE -> joined;
            case DAMPED -> "recovered; held down by health dampening";
            case GRACE -> "drain grace: " + joined;
        });
    }

    /**
     * One line of printable ASCII that HAProxy keeps whole: line breaks and other control characters
     * become spaces, runs of spaces one space, other characters {@code ?}, and commas semicolons (so
     * {@code show stat}'s CSV splits cleanly even with {@code cut}); cut to {@value #MAX_REASON_LENGTH}
     * characters.
     */
    static String sanitise(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            boolean blank = c < 0x20 || c == 0x7f || c == ' ';
            if (!blank) {
                out.append(c > 0x7e ? '?' : c == ',' ? ';' : (char) c);
            } else if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        });
        String clean = out.toString().strip();
        return clean.length() <= MAX_REASON_LENGTH
                ? clean
                : clean.substring(0, MAX_REASON_LENGTH - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
    }
}
