package org.jitsi.signalsidecar.consul;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The status watch's decisions, as pure functions of what it has seen and what Consul answered,
 * so that each rule is a row in a table test. Raft indexes are unsigned 64-bit numbers and are
 * compared as such.
 *
 * <p>The rule against going back in time: reads are {@code ?stale}, so any server may answer, and a
 * follower that lags may answer with an older index and older data ("no upper limit on this
 * staleness", Consul's documentation). An entry older than the one already acted on is therefore
 * never applied on a stale server's word: the watch re-reads the key {@code ?consistent} (from the
 * leader) and acts on that answer. Only the leader can confirm that the index really went back (a
 * restored snapshot, a rebuilt cluster). The same confirmation is asked, as Consul's documentation
 * advises for {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact}, before acting on any
 * change that a server out of touch with its leader reports.
 */
final class WatchRules {
    /** A cut of a blocking query held at least this long is the network's idle timeout, not a failure. */
    static final Duration MIN_HELD_BEFORE_CUT = Duration.ofSeconds(1);

    private WatchRules() {
    }

    /** What to do with an answer. */
    enum Verdict {
        /** A newer state of the key (or one the leader confirmed): act on it. */
        APPLY,
        /** Nothing new: the state already acted on. */
        KEEP,
        /** Possibly older than what was acted on, or from a server out of touch: re-read consistently first. */
        CONFIRM
    }

    /**
     * Where the key stood when the watch last acted on it.
     *
     * @param position the key's {@code ModifyIndex}, or for a missing key the {@code X-Consul-Index}
     *                 of the 404 (the store's index then)
     * @param missing  the key did not exist
     */
    record Seen(long position, boolean missing) {
    }

    /**
     * Which server answered and how fresh it says its data is.
     *
     * @param consistent  a {@code ?consistent} read: the leader answered after confirming it leads
     * @param knownLeader {@code X-Consul-KnownLeader}
     * @param lastContact {@code X-Consul-LastContact}: how long since the answering server heard from the leader
     */
    record Served(boolean consistent, boolean knownLeader, Duration lastContact) {
        static final Served LEADER = new Served(true, true, Duration.ZERO);

        Served {
            requireNonNull(lastContact, "lastContact is null");
        }

        /** A stale answer from a server that knows no leader or has not heard from it within {@code maxStale}. */
        boolean outOfTouch(Duration maxStale) {
            return !consistent && (!knownLeader || lastContact.compareTo(maxStale) > 0);
        }
    }

    /**
     * Judges one answer about the key.
     *
     * @param seen     what the watch acted on last; empty before the first answer
     * @param missing  the answer is a 404
     * @param position the answer's {@code ModifyIndex}, or for a 404 its {@code X-Consul-Index}
     * @param served   who answered
     * @param maxStale the longest {@code X-Consul-LastContact} acted on without the leader's confirmation
     */
    static Verdict judge(Optional<Seen> seen, boolean missing, long position, Served served, Duration maxStale) {
        boolean older;
        if (seen.isEmpty()) {
            older = false;
        } else if (missing) {
            if (seen.get().missing()) {
                return Verdict.KEEP; // still missing, whatever the store's index did
            }
            older = Long.compareUnsigned(position, seen.get().position()) < 0;
        } else if (!seen.get().missing() && position == seen.get().position()) {
            return Verdict.KEEP;
        } else {
            // an entry written before the state acted on (a deletion seen at its index included) is older
            older = Long.compareUnsigned(position, seen.get().position()) <= 0;
        }
        if (served.consistent()) {
            return Verdict.APPLY;
        }
        return older || served.outOfTouch(maxStale) ? Verdict.CONFIRM : Verdict.APPLY;
    }

    /** {@link #judge(Optional, boolean, long, Served, Duration)} for a read; a failed or cut one is {@link Verdict#KEEP}. */
    static Verdict judge(Optional<Seen> seen, ConsulClient.Read read, Duration maxStale) {
        return switch (read) {
            case ConsulClient.Read.Found found -> judge(seen, false, found.entry().modifyIndex(), found.served(), maxStale);
            case ConsulClient.Read.Missing missing -> judge(seen, true, missing.index(), missing.served(), maxStale);
            case ConsulClient.Read.Failed failed -> Verdict.KEEP;
            case ConsulClient.Read.Cut cut -> Verdict.KEEP;
        };
    }

    /** What went wrong with a read; empty for an answer about the key. */
    static Optional<String> problem(ConsulClient.Read read) {
        return switch (read) {
            case ConsulClient.Read.Failed failed -> Optional.of(failed.problem());
            case ConsulClient.Read.Cut cut -> Optional.of(cut.problem());
            case ConsulClient.Read.Found found -> Optional.empty();
            case ConsulClient.Read.Missing missing -> Optional.empty();
        };
    }

    /** Where an answer about the key puts it. */
    static Seen seenIn(ConsulClient.Read read) {
        return switch (read) {
            case ConsulClient.Read.Found found -> new Seen(found.entry().modifyIndex(), false);
            case ConsulClient.Read.Missing missing -> new Seen(missing.index(), true);
            case ConsulClient.Read.Failed failed -> throw new IllegalArgumentException("nothing seen in a failure");
            case ConsulClient.Read.Cut cut -> throw new IllegalArgumentException("nothing seen in a cut");
        };
    }

    /** The {@code X-Consul-Index} of an answer about the key; 0 for a failure. */
    static long answeredIndex(ConsulClient.Read read) {
        return switch (read) {
            case ConsulClient.Read.Found found -> found.index();
            case ConsulClient.Read.Missing missing -> missing.index();
            case ConsulClient.Read.Failed failed -> 0;
            case ConsulClient.Read.Cut cut -> 0;
        };
    }

    /**
     * The index to block on after an answer carrying {@code answered}, when the previous query
     * blocked on {@code previous}: 0 (start afresh) when the index went backwards, else the
     * answered index but at least 1, so the next query blocks.
     */
    static long nextIndex(long previous, long answered) {
        if (previous != 0 && Long.compareUnsigned(answered, previous) < 0) {
            return 0;
        }
        return answered == 0 ? 1 : answered;
    }

    /**
     * A connection cut without an answer is the normal end of a blocking query held at least
     * {@link #MIN_HELD_BEFORE_CUT} (a proxy's or NAT's idle timeout): the watch asks again at once.
     * A sooner cut, or a cut of a query that does not block, is a failure, backed off, so a server
     * that cuts every query cannot make the watch spin.
     */
    static boolean cutIsNormalEnd(boolean blocking, Duration held) {
        return blocking && held.compareTo(MIN_HELD_BEFORE_CUT) >= 0;
    }
}
