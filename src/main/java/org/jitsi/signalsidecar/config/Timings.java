package org.jitsi.signalsidecar.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The waits that follow from the poll interval and the request timeout, each worked out here
 * once. They answer different questions, so they differ on purpose.
 *
 * @param stallLimit     how long the poll loop may go without completing a poll before its
 *                       liveness check counts it stalled: three intervals plus a request timeout,
 *                       so a slow peer never makes the sidecar look dead
 * @param publishTimeout how long a drain-control change waits for a poll to publish it: the poll
 *                       under way, if any, then the one it asked for, each bounded by the request
 *                       timeout, and a second to spare
 * @param cliPatience    how long the operator command waits for the running sidecar to report the
 *                       word it wrote to the status file (it asks for no poll): two intervals and a
 *                       request timeout, and five seconds for the round trips of the command itself
 */
public record Timings(Duration stallLimit, Duration publishTimeout, Duration cliPatience) {
    public Timings {
        requireNonNull(stallLimit, "stallLimit is null");
        requireNonNull(publishTimeout, "publishTimeout is null");
        requireNonNull(cliPatience, "cliPatience is null");
    }

    public static Timings of(PeerSettings peers) {
        Duration interval = peers.pollInterval();
        Duration request = peers.requestTimeout();
        return new Timings(
                interval.multipliedBy(3).plus(request),
                request.multipliedBy(2).plusSeconds(1),
                interval.multipliedBy(2).plus(request).plusSeconds(5));
    }
}
