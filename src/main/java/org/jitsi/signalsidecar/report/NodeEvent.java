package org.jitsi.signalsidecar.report;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A change in what consumers see: the node as it is from {@code time} on, and why.
 *
 * @param time   when the change happened: when the snapshot that caused it was published (a poll,
 *               or a status file change between polls), or the instant a flap adjustment ran out
 * @param view   the node from then on
 * @param reason one sentence naming the cause, as the logs do ({@code jicofo health answered 500},
 *               {@code status file now says drain}, {@code dampening ended}); several causes are
 *               joined by {@code ; }
 */
public record NodeEvent(Instant time, NodeView view, String reason) {
    public NodeEvent {
        requireNonNull(time, "time is null");
        requireNonNull(view, "view is null");
        requireNonNull(reason, "reason is null");
    }
}
