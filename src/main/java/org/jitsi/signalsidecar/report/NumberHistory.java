package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The numbers of each poll over the last {@link #WINDOW}: participants, conferences and each
 * request's latency, in a ring buffer of fixed size (one slot per poll interval in the window, at
 * most {@link #MAX_SAMPLES}), so memory never grows. Fed by every poll's snapshot (amendments of
 * the status file are not polls and add nothing); thread-safe.
 */
public final class NumberHistory implements SnapshotListener {
    public static final Duration WINDOW = Duration.ofHours(1);
    /** The ring's size with a poll interval of a second or less. */
    public static final int MAX_SAMPLES = 3600;

    /**
     * One poll's numbers.
     *
     * @param time         when the poll finished
     * @param participants jicofo's participants, when its stats were usable
     * @param conferences  jicofo's conferences, likewise
     * @param latency      how long each polled request took
     */
    public record Sample(Instant time, OptionalLong participants, OptionalLong conferences, Map<Input, Duration> latency) {
        public Sample {
            requireNonNull(time, "time is null");
            requireNonNull(participants, "participants is null");
            requireNonNull(conferences, "conferences is null");
            latency = Map.copyOf(latency);
        }

        static Sample of(Snapshot snapshot) {
            Observations o = snapshot.observations();
            Map<Input, Duration> latency = new EnumMap<>(Input.class);
            for (Input input : Input.values()) {
                input.response(o).filter(r -> r.outcome() != Outcome.NOT_POLLED)
                        .ifPresent(r -> latency.put(input, r.elapsed()));
            }
            OptionalLong participants = snapshot.assessment().counts()
                    .map(c -> OptionalLong.of(c.participants())).orElse(OptionalLong.empty());
            OptionalLong conferences = snapshot.assessment().counts()
                    .map(JicofoCounts::conferences).orElse(OptionalLong.empty());
            return new Sample(o.time(), participants, conferences, latency);
        }
    }

    private final Sample[] ring;
    private int next;
    private int size;

    /** @param pollInterval the time between polls, which sizes the ring to cover the window */
    public NumberHistory(Duration pollInterval) {
        requireNonNull(pollInterval, "pollInterval is null");
        this.ring = new Sample[capacity(pollInterval)];
    }

    /** One slot per poll interval in the window (rounded up), from 1 to {@link #MAX_SAMPLES}. */
    static int capacity(Duration pollInterval) {
        long nanos = Math.max(1, pollInterval.toNanos());
        long slots = (WINDOW.toNanos() + nanos - 1) / nanos;
        return (int) Math.max(1, Math.min(MAX_SAMPLES, slots));
    }

    public int capacity() {
        return ring.length;
    }

    @Override
    public synchronized void published(Snapshot previous, Snapshot current) {
        if (!current.polled() || current.amended()) {
            return;
        }
        ring[next] = Sample.of(current);
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The samples of the window that ends at {@code now}, oldest first. */
    public synchronized List<Sample> window(Instant now) {
        Instant from = now.minus(WINDOW);
        List<Sample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Sample sample = ring[(next - size + i + ring.length) % ring.length];
            if (!sample.time().isBefore(from)) {
                samples.add(sample);
            }
        }
        return samples;
    }
}
