package org.jitsi.signalsidecar.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What the log says about failed drain-control requests, without letting a guesser write the log
 * full: the first failure after a quiet interval gets a line of its own, later ones are counted and
 * summed up in one line per {@link #INTERVAL} with the counts by kind and the busiest addresses.
 * Returns lines rather than logging them; never sees a token. Thread-safe.
 */
public final class FailureLog {
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Addresses shown in a summary line. */
    static final int TOP = 3;
    /** Addresses counted one by one in an interval; the rest are counted together. */
    static final int MAX_ADDRESSES = 1024;

    /** Why a request failed. */
    public enum Kind {
        /** No {@code Authorization: Bearer} credentials: 401. */
        NO_TOKEN("without a bearer token"),
        /** A wrong token: 403. */
        WRONG_TOKEN("with a wrong token"),
        /** Over the failure limit: 429. */
        LIMITED("over the failure limit");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private final Clock clock;
    private final Map<Kind, Integer> kinds = new HashMap<>();
    private final Map<String, Integer> addresses = new HashMap<>();
    private int others;
    private Optional<Instant> windowStart = Optional.empty();

    public FailureLog(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Notes one failed request; returns the line to log now, if any. */
    public synchronized Optional<String> failed(String client, Kind kind) {
        requireNonNull(client, "client is null");
        requireNonNull(kind, "kind is null");
        Optional<String> due = flush();
        if (windowStart.isEmpty()) {
            windowStart = Optional.of(clock.instant());
            return Optional.of("Refused a drain-control request from "
                    + client + " " + kind.text + "; further failures are summed up every " + INTERVAL.toSeconds() + " s.");
        }
        kinds.merge(kind, 1, Integer::sum);
        if (addresses.containsKey(client) || addresses.size() < MAX_ADDRESSES) {
            addresses.merge(client, 1, Integer::sum);
        } else {
            others++;
        }
        return due;
    }

    /**
     * The summary of the interval that has ended, if one has and anything failed in it; call it now
     * and then so the last failures of a burst are not left unsaid.
     */
    public synchronized Optional<String> flush() {
        Instant now = clock.instant();
        if (windowStart.isEmpty() || now.isBefore(windowStart.get().plus(INTERVAL))) {
            return Optional.empty();
        }
        if (kinds.isEmpty()) {
            windowStart = Optional.empty();
            return Optional.empty();
        }
        String line = summary();
        kinds.clear();
        addresses.clear();
        others = 0;
        windowStart = Optional.of(now);
        return Optional.of(line);
    }

    private String summary() {
        int total = kinds.values().stream().mapToInt(Integer::intValue).sum();
        String byKind = kinds.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey().text)
                .collect(Collectors.joining(", "));
        String top = addresses.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        int unshown = addresses.size() - Math.min(TOP, addresses.size());
        String rest = others > 0 ? " and over " + unshown + " other addresses"
                : unshown > 0 ? " and " + unshown + " other address" + (unshown == 1 ? "" : "es")
                : "";
        return total + " more drain-control requests failed in the last " + INTERVAL.toSeconds() + " s (" + byKind
                + "); most from " + top + rest + ".";
    }
}
