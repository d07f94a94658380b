package org.jitsi.signalsidecar.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Limits failed drain-control requests per client address with a token bucket: each address may
 * fail {@code burst} times at once, then once per {@code refill}; while its bucket is empty every
 * request from it is refused (429), so a wrong guess costs the same as no guess. At most
 * {@code maxClients} addresses are remembered: beyond that the one heard from least recently is
 * forgotten (it gets a full bucket if it comes back), so a flood of addresses costs bounded memory.
 * Thread-safe.
 */
public final class FailureLimiter {
    /** Five failures, then one more every 12 s: 5 a minute. */
    public static final int BURST = 5;
    public static final Duration REFILL = Duration.ofSeconds(12);
    /** About 100 bytes each: well under a megabyte in all. */
    public static final int MAX_CLIENTS = 4096;

    private final int burst;
    private final Duration refill;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    /** The failures left of an address, as of {@code at}. */
    private record Bucket(double tokens, Instant at) {
    }

    public FailureLimiter(Clock clock) {
        this(BURST, REFILL, MAX_CLIENTS, clock);
    }

    FailureLimiter(int burst, Duration refill, int maxClients, Clock clock) {
        if (burst < 1 || maxClients < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("burst, refill and maxClients must be positive");
        }
        this.burst = burst;
        this.refill = refill;
        this.clock = requireNonNull(clock, "clock is null");
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** How long {@code client} must wait before it is heard again; empty when it may ask now. */
    public synchronized Optional<Duration> retryAfter(String client) {
        requireNonNull(client, "client is null");
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        double tokens = refilled(bucket, now);
        if (tokens >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) * refill.toNanos())));
    }

    /** Counts one failure of {@code client}. */
    public synchronized void failed(String client) {
        requireNonNull(client, "client is null");
        Instant now = clock.instant();
        Bucket bucket = buckets.get(client);
        double tokens = bucket == null ? burst : refilled(bucket, now);
        buckets.put(client, new Bucket(Math.max(0, tokens - 1), now));
    }

    /** Addresses remembered now. */
    public synchronized int clients() {
        return buckets.size();
    }

    private double refilled(Bucket bucket, Instant now) {
        long elapsed = Math.max(0, Duration.between(bucket.at(), now).toNanos());
        return Math.min(burst, bucket.tokens() + (double) elapsed / refill.toNanos());
    }
}
