package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one request to a peer observed: never an exception, always one of these.
 *
 * @param outcome    how the request ended
 * @param statusCode the HTTP status when {@link Outcome#RESPONDED}, else 0
 * @param problem    what made the answer unusable, beyond the outcome: the body's problem when
 *                   {@link Outcome#RESPONDED}, the time limit when {@link Outcome#TIMED_OUT}, the
 *                   error when {@link Outcome#FAILED}; empty for a usable answer and a refusal
 * @param elapsed    how long the request took
 */
public record PeerResponse(Outcome outcome, int statusCode, Optional<String> problem, Duration elapsed) {
    public PeerResponse {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(problem, "problem is null");
        requireNonNull(elapsed, "elapsed is null");
        if ((outcome == Outcome.RESPONDED) != (statusCode != 0)) {
            throw new IllegalArgumentException("status " + statusCode + " does not fit outcome " + outcome);
        }
    }

    public static PeerResponse notPolled() {
        return new PeerResponse(Outcome.NOT_POLLED, 0, Optional.empty(), Duration.ZERO);
    }

    public static PeerResponse responded(int statusCode, Duration elapsed) {
        return new PeerResponse(Outcome.RESPONDED, statusCode, Optional.empty(), elapsed);
    }

    public static PeerResponse refused(Duration elapsed) {
        return new PeerResponse(Outcome.REFUSED, 0, Optional.empty(), elapsed);
    }

    public static PeerResponse failed(Outcome outcome, String problem, Duration elapsed) {
        return new PeerResponse(outcome, 0, Optional.of(problem), elapsed);
    }

    /** The same response, marked unusable because of its body. */
    public PeerResponse withProblem(String problem) {
        return new PeerResponse(outcome, statusCode, Optional.of(problem), elapsed);
    }

    /** An HTTP answer arrived, whatever its code. */
    public boolean reachable() {
        return outcome == Outcome.RESPONDED;
    }

    /** 200 with a usable body. */
    public boolean ok() {
        return outcome == Outcome.RESPONDED && statusCode == 200 && problem.isEmpty();
    }

    /**
     * A few words for the report's problems and the logs, after the peer's name: "answered 500",
     * "answered 200: stats are not valid JSON", "refused the connection", "did not answer in time
     * (no answer within 400 ms)", "failed: IOException: Connection reset".
     */
    public String describe() {
        String detail = problem.map(p -> ": " + p).orElse("");
        return switch (outcome) {
            case NOT_POLLED -> "was not polled yet";
            case RESPONDED -> "answered " + statusCode + detail;
            case REFUSED -> "refused the connection" + detail;
            case TIMED_OUT -> "did not answer in time" + problem.map(p -> " (" + p + ")").orElse("");
            case FAILED -> "failed" + detail;
        };
    }
}
