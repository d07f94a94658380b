package org.jitsi.signalsidecar.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Limits failed drain-control requests, never successful ones: a request with the right token is
 * not asked about at all, so nobody can lock the operator out by failing from the operator's
 * address (a NAT, the TLS proxy, a monitoring check without the token).
 *
 * <p>Two token buckets are charged for each failure: the client address's ({@value #BURST} at once,
 * then one every 12 s) and one for all addresses together ({@value #GLOBAL_BURST} at once, then
 * {@value #GLOBAL_PER_SECOND} a second), so many addresses together fail no faster than a few. A
 * failure that finds either bucket empty is refused (429) and charges nothing.
 *
 * <p>Memory is bounded without forgetting a debt: only an address whose bucket is not full is
 * remembered (a full bucket is the same as none), and the global cap lets at most about
 * {@code GLOBAL_PER_SECOND × BURST × 12 s} addresses be in debt at once. Should the table still be
 * full ({@value #MAX_CLIENTS} addresses), a failure from an address it does not know is refused, so
 * a flood of addresses never buys a blocked address fresh tries. Thread-safe.
 */
public final class FailureLimiter {
    /** Five failures per address, then one more every 12 s: 5 a minute. */
    public static final int BURST = 5;
    public static final Duration REFILL = Duration.ofSeconds(12);
    /** Ten failures from anywhere at once, then five a second. */
    public static final int GLOBAL_BURST = 10;
    public static final int GLOBAL_PER_SECOND = 5;
    /** About 100 bytes each: well under a megabyte in all. */
    public static final int MAX_CLIENTS = 4096;

    private final Rate perClient;
    private final Rate overall;
    private final int maxClients;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private Bucket all;

    /** A bucket's shape: {@code burst} tokens when full, one more every {@code refill}. */
    record Rate(int burst, Duration refill) {
        Rate {
            if (burst < 1 || refill.isNegative() || refill.isZero()) {
                throw new IllegalArgumentException("burst and refill must be positive");
            }
        }

        double left(Bucket bucket, Instant now) {
            long elapsed = Math.max(0, Duration.between(bucket.at(), now).toNanos());
            return Math.min(burst, bucket.tokens() + (double) elapsed / refill.toNanos());
        }

        /** How long until a bucket holding {@code tokens} holds one whole token. */
        Duration untilOne(double tokens) {
            return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) * refill.toNanos()));
        }
    }

    /** The tokens a bucket held at {@code at}. */
    record Bucket(double tokens, Instant at) {
    }

    public FailureLimiter(Clock clock) {
        this(new Rate(BURST, REFILL), new Rate(GLOBAL_BURST, Duration.ofSeconds(1).dividedBy(GLOBAL_PER_SECOND)),
                MAX_CLIENTS, clock);
    }

    FailureLimiter(Rate perClient, Rate overall, int maxClients, Clock clock) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive");
        }
        this.perClient = requireNonNull(perClient, "perClient is null");
        this.overall = requireNonNull(overall, "overall is null");
        this.maxClients = maxClients;
        this.clock = requireNonNull(clock, "clock is null");
        this.all = new Bucket(overall.burst(), clock.instant());
    }

    /**
     * Counts one failed request of {@code client} if the limits leave room for it: then empty (answer
     * 401 or 403); otherwise how long the client should wait (answer 429), and nothing is charged.
     */
    public synchronized Optional<Duration> failed(String client) {
        requireNonNull(client, "client is null");
        Instant now = clock.instant();
        Bucket own = buckets.get(client);
        double ownLeft = own == null ? perClient.burst() : perClient.left(own, now);
        double allLeft = overall.left(all, now);
        if (own == null && !roomForOneMore(now)) {
            return Optional.of(perClient.refill());
        }
        if (ownLeft < 1 || allLeft < 1) {
            Duration ownWait = perClient.untilOne(ownLeft);
            Duration allWait = overall.untilOne(allLeft);
            return Optional.of(ownWait.compareTo(allWait) >= 0 ? ownWait : allWait);
        }
        buckets.put(client, new Bucket(ownLeft - 1, now));
        all = new Bucket(allLeft - 1, now);
        return Optional.empty();
    }

    /** Addresses remembered now: those that failed and have not yet earned every try back. */
    public synchronized int clients() {
        buckets.values().removeIf(bucket -> perClient.left(bucket, clock.instant()) >= perClient.burst());
        return buckets.size();
    }

    /** Forgets the addresses whose bucket is full again, when the table is full; true if one more fits. */
    private boolean roomForOneMore(Instant now) {
        if (buckets.size() >= maxClients) {
            buckets.values().removeIf(bucket -> perClient.left(bucket, now) >= perClient.burst());
        }
        return buckets.size() < maxClients;
    }
}
