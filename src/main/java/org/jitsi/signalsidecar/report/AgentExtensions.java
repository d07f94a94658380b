package org.jitsi.signalsidecar.report;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Optional words the HAProxy agent adds after {@code <up|down> <ready|drain|maint> <N>%}; both off by
 * default, so the line stays what the original sidecar sent.
 *
 * @param maxconn a {@code maxconn:N} word: HAProxy sets the server's connection limit to N. HAProxy
 *                keeps the last value it was sent, also after the word is turned off (until reload)
 * @param reason  a {@code # reason} description at the end of the line saying why the node is not
 *                {@code up ready}; HAProxy shows it in {@code show stat} ({@code last_agt}) and its log
 */
public record AgentExtensions(OptionalInt maxconn, boolean reason) {
    public static final AgentExtensions NONE = new AgentExtensions(OptionalInt.empty(), false);

    public AgentExtensions {
        requireNonNull(maxconn, "maxconn is null");
        if (maxconn.isPresent() && maxconn.getAsInt() < 1) {
            throw new IllegalArgumentException("maxconn must be positive: " + maxconn.getAsInt());
        }
    }
}
