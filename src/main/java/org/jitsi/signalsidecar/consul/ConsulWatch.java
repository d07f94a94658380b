package org.jitsi.signalsidecar.consul;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Backoff;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.StatusWord;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;

import static java.util.Objects.requireNonNull;

/**
 * Watches one Consul KV key with blocking queries on a virtual thread ({@code consul-watch}) and, when a write to it
 * brings a status word ({@code ready}, {@code drain}, {@code maint}, {@code unhealthy}), writes
 * that word to the status file and asks for a poll at once, so HAProxy and the report follow within
 * moments.
 *
 * <p>A change is a new {@code ModifyIndex} of the key: the first answer after start-up, and then
 * every write to the key in Consul. Between changes the status file belongs to whoever edits it
 * (an operator, the drain-control API): a reconnect or an index reset that finds the key as it was
 * does not overwrite it. A missing key (404) and a value that is not a status word are logged and
 * leave the file as it is. When Consul cannot be reached the watch backs off ({@link Backoff}) and
 * the node keeps the status it has; answers that bring nothing new are rate limited
 * ({@link IdleLimiter}). An index lower than the previous one restarts the watch from index 0, and
 * an index below 1 is raised to 1, as Consul's documentation asks of blocking clients.
 */
public final class ConsulWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConsulWatch.class.getName());
    private static final long NOTHING_SEEN = -2;
    private static final long KEY_MISSING = -1;
    private static final int MAX_VALUE_SHOWN = 40;

    private final ConsulClient client;
    private final String key;
    private final StatusFileWriter writer;
    private final Runnable written;
    private final Timing timing;
    private final Clock clock;
    private final DoubleSupplier random;
    private final BackgroundLoop loop;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private volatile Runnable errorCounter = () -> { };

    /**
     * How the watch paces itself.
     *
     * @param blockFor     the {@code wait} of each blocking query, at most five minutes
     * @param idleInterval the spacing of queries once answers that bring nothing new exhaust the burst
     * @param backoffBase  the delay after the first failure in a row
     * @param backoffCap   the longest delay between failures
     */
    public record Timing(Duration blockFor, Duration idleInterval, Duration backoffBase, Duration backoffCap) {
        public Timing {
            requireNonNull(blockFor, "blockFor is null");
            requireNonNull(idleInterval, "idleInterval is null");
            requireNonNull(backoffBase, "backoffBase is null");
            requireNonNull(backoffCap, "backoffCap is null");
        }

        /** {@code wait} as configured, idle answers 15 s apart after the burst, back-off from 1 s to 30 s. */
        public static Timing of(Duration wait) {
            return new Timing(wait, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /**
     * What the watch knows, for {@code /health} and the metrics.
     *
     * @param connected Consul answered the latest query (with the key or a 404)
     * @param index     the {@code X-Consul-Index} the next query blocks on (0: none yet)
     * @param lastError the latest problem, kept after a recovery
     * @param errors    failed queries and failed status file writes since start
     */
    public record State(boolean connected, long index, Optional<String> lastError, long errors) {
        static final State STARTING = new State(false, 0, Optional.empty(), 0);

        public State {
            requireNonNull(lastError, "lastError is null");
        }
    }

    /**
     * @param client  Consul's KV API
     * @param key     the KV key holding the status word
     * @param writer  the status file
     * @param written told after each word written to the status file ({@code PollLoop::pollNow})
     * @param timing  see {@link Timing}
     * @param clock   for the rate limit
     * @param random  numbers in {@code [0, 1)} for the back-off's jitter
     * @param sleeper how the watch waits out its back-off and rate limit
     */
    public ConsulWatch(ConsulClient client, String key, StatusFileWriter writer, Runnable written, Timing timing,
                       Clock clock, DoubleSupplier random, Sleeper sleeper) {
        this.client = requireNonNull(client, "client is null");
        this.key = requireNonNull(key, "key is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.written = requireNonNull(written, "written is null");
        this.timing = requireNonNull(timing, "timing is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.loop = BackgroundLoop.virtual("consul-watch", sleeper, this::run);
    }

    public void start() {
        Path directory = replacedDirectory(writer.path());
        LOG.log(Level.INFO, "Watching the Consul key " + client.describe(key) + "; its status words go to "
                + writer.path() + ".");
        if (directory != null && !Files.isWritable(directory)) {
            LOG.log(Level.WARNING, "The status file's directory " + directory + " is not writable for this process:"
                    + " status words from Consul cannot be written until it is.");
        }
        loop.start();
    }

    /** The directory the writer's rename happens in: the status file's, or its link target's (as packaged). */
    private static Path replacedDirectory(Path statusFile) {
        Path file = statusFile.toAbsolutePath();
        try {
            if (Files.isSymbolicLink(file)) {
                file = file.getParent().resolve(Files.readSymbolicLink(file));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a readable link: check the file's own directory
        }
        return file.getParent();
    }

    /** Also tell {@code counter} of each error counted in {@link State#errors()} (the metrics). */
    public void countErrorsWith(Runnable counter) {
        errorCounter = requireNonNull(counter, "counter is null");
    }

    public State state() {
        return state.get();
    }

    /**
     * The index to block on after an answer carrying {@code answered}, when the previous query
     * blocked on {@code previous}: 0 (start afresh) when the index went backwards, else the
     * answered index but at least 1, so the next query blocks.
     */
    static long nextIndex(long previous, long answered) {
        if (previous > 0 && answered < previous) {
            return 0;
        }
        return Math.max(1, answered);
    }

    private void run() {
        long index = 0;
        long applied = NOTHING_SEEN;
        OncePerProblem problems = new OncePerProblem();
        Backoff backoff = new Backoff(timing.backoffBase(), timing.backoffCap(), random);
        IdleLimiter limiter = new IdleLimiter(timing.idleInterval(), clock.instant());
        while (!loop.stopping()) {
            ConsulClient.Read read = client.read(key, index, timing.blockFor());
            if (loop.stopping()) {
                return;
            }
            boolean changed;
            long answered;
            switch (read) {
                case ConsulClient.Read.Failed failed -> {
                    failed(failed.problem(), problems);
                    loop.pause(backoff.next());
                    continue;
                }
                case ConsulClient.Read.Missing missing -> {
                    answered = missing.index();
                    changed = applied != KEY_MISSING;
                    if (changed) {
                        LOG.log(Level.WARNING, "The Consul key " + key + " does not exist (404): the status file "
                                + writer.path() + " is left as it is.");
                        applied = KEY_MISSING;
                    }
                }
                case ConsulClient.Read.Found found -> {
                    answered = found.index();
                    changed = found.entry().modifyIndex() != applied;
                    if (changed) {
                        Optional<String> problem = apply(found.entry());
                        if (problem.isPresent()) {
                            // keep the old index: the next query returns at once and the write is retried
                            failed(problem.get(), problems);
                            loop.pause(backoff.next());
                            continue;
                        }
                        applied = found.entry().modifyIndex();
                    }
                }
            }
            backoff.reset();
            long next = nextIndex(index, answered);
            if (next == 0) {
                LOG.log(Level.INFO, "Consul's index for " + key + " went back from " + index + " to " + answered
                        + " (a restored snapshot or a new cluster?): reading the key afresh.");
            }
            index = next;
            State previous = state.get();
            state.set(new State(true, index, previous.lastError(), previous.errors()));
            if (problems.recovered()) {
                LOG.log(Level.INFO, "The Consul watch of " + key + " works again.");
            }
            if (!changed) {
                loop.pause(limiter.idleAnswer(clock.instant()));
            }
        }
    }

    /** Writes the entry's word to the status file; empty when done or when there was nothing to write. */
    private Optional<String> apply(KvEntry entry) {
        String value = entry.value().orElse("");
        StatusWord word = StatusWord.parse(value);
        switch (word) {
            case READY, DRAIN, MAINT, UNHEALTHY -> {
                try {
                    writer.write(word);
                } catch (IOException e) {
                    return Optional.of(e.getMessage());
                }
                LOG.log(Level.INFO, "The Consul key " + key + " says " + word.word()
                        + " (index " + entry.modifyIndex() + "): written to " + writer.path() + ".");
                written.run();
            }
            case NONE, OTHER -> LOG.log(Level.WARNING, "The Consul key " + key + " holds " + shown(value)
                    + " (index " + entry.modifyIndex() + "), not ready, drain, maint or unhealthy: the status file "
                    + writer.path() + " is left as it is.");
        }
        return Optional.empty();
    }

    /** Records a problem; logs it when it differs from the previous one. */
    private void failed(String problem, OncePerProblem problems) {
        State previous = state.get();
        state.set(new State(false, previous.index(), Optional.of(problem), previous.errors() + 1));
        errorCounter.run();
        if (problems.isNew(problem)) {
            LOG.log(Level.WARNING, "The Consul watch of " + key + " failed: " + problem
                    + "; the node keeps its status file and the watch retries.");
        }
    }

    private static String shown(String value) {
        if (value.isEmpty()) {
            return "no value";
        }
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(MAX_VALUE_SHOWN).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.append(value.codePointCount(0, value.length()) > MAX_VALUE_SHOWN ? "…'" : "'").toString();
    }

    /** Stops the watch, cutting a blocking query short, and waits briefly for it. */
    @Override
    public void close() {
        loop.close();
    }
}
