package org.jitsi.signalsidecar.poll;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.CensusReading;
import org.jitsi.signalsidecar.report.JicofoCounts;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.statusfile.StatusFileReader;
import org.jitsi.signalsidecar.statusfile.StatusFileReads;

import static java.util.Objects.requireNonNull;

/**
 * One poll: asks jicofo, prosody (and its census) and reads the status file, all at once, each
 * bounded by the request timeout, and returns what it saw. Never throws for anything a peer does.
 */
public final class Poller implements AutoCloseable {
    /** jicofo's {@code /stats} is about 1.3 KB; anything near this is not jicofo. */
    static final int MAX_STATS_BYTES = 1 << 20;
    /**
     * About 55,000 rooms with long names (20,000 rooms take 2.8 MB). A poll briefly holds about
     * four times this, so it also bounds the census's share of the heap.
     */
    static final int MAX_CENSUS_BYTES = 8 << 20;
    /** The health body is only shown, cut to 512 characters; UTF-8 needs at most 4 bytes each. */
    static final int MAX_HEALTH_BYTES = 4 * 512;
    /** {@code /http-bind} is a 616-byte page; only its status matters. */
    static final int MAX_PROSODY_BYTES = 4096;
    /**
     * Slack beyond the request timeout before a stuck request is abandoned (its own timeouts
     * should end it first); a status-file read gets the request timeout alone.
     */
    private static final Duration ABANDON_SLACK = Duration.ofMillis(500);

    private final URI jicofoHealth;
    private final URI jicofoStats;
    private final URI prosodyHealth;
    private final Optional<URI> census;
    private final Optional<String> censusHost;
    private final Duration requestTimeout;
    private final PeerClient peers;
    /** For messages only. */
    private final String statusFile;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final StatusFileReads fileReads;

    public Poller(PeerSettings settings, Clock clock) {
        this(settings, clock, new StatusFileReader(requireNonNull(settings, "settings is null").statusFile())::read);
    }

    /**
     * A poller that reads the status file with {@code statusFileRead} instead of from
     * {@link PeerSettings#statusFile()} (tests pass one that blocks until they release it).
     */
    public Poller(PeerSettings settings, Clock clock, Supplier<StatusFileReading> statusFileRead) {
        requireNonNull(settings, "settings is null");
        requireNonNull(statusFileRead, "statusFileRead is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.jicofoHealth = URI.create(settings.jicofoOrigin() + "/about/health");
        this.jicofoStats = URI.create(settings.jicofoOrigin() + "/stats");
        this.prosodyHealth = URI.create(settings.prosodyOrigin() + "/http-bind");
        this.census = settings.censusHost().map(h -> URI.create(settings.prosodyOrigin() + "/room-census"));
        this.censusHost = settings.censusHost();
        this.requestTimeout = settings.requestTimeout();
        this.peers = new PeerClient(settings.requestTimeout(), clock,
                Stream.of(settings.jicofoOrigin(), settings.prosodyOrigin())
                        .anyMatch(origin -> origin.getScheme().equalsIgnoreCase("https")));
        this.statusFile = settings.statusFile().toString();
        this.fileReads = new StatusFileReads(statusFileRead);
    }

    /** One poll; not for concurrent use (the poll loop calls it from one thread). */
    public Observations poll() {
        Instant start = clock.instant();
        Instant deadline = start.plus(requestTimeout).plus(ABANDON_SLACK);
        Future<PeerClient.Result> health = submit(() -> peers.get(jicofoHealth, Optional.empty(), MAX_HEALTH_BYTES));
        Future<PeerClient.Result> stats = submit(() -> peers.get(jicofoStats, Optional.empty(), MAX_STATS_BYTES));
        Future<PeerClient.Result> prosody = submit(() -> peers.get(prosodyHealth, Optional.empty(), MAX_PROSODY_BYTES));
        Optional<Future<PeerClient.Result>> censusCall = census.map(url ->
                submit(() -> peers.get(url, censusHost, MAX_CENSUS_BYTES)));
        Optional<Future<StatusFileReading>> fileRead = fileReads.start();

        PeerClient.Result healthResult = await(health, deadline, this::abandoned);
        Decoded<JicofoCounts> counts = decode(await(stats, deadline, this::abandoned), MAX_STATS_BYTES,
                JicofoStatsParser::parse);
        PeerResponse prosodyResponse = await(prosody, deadline, this::abandoned).response();
        Optional<CensusReading> censusReading = censusCall
                .map(call -> decode(await(call, deadline, this::abandoned), MAX_CENSUS_BYTES, CensusParser::parse))
                .map(decoded -> new CensusReading(decoded.response(), decoded.value()));
        StatusFileReading fileReading = fileRead
                .map(read -> await(read, start.plus(requestTimeout), this::fileUnreadable))
                .orElseGet(() -> StatusFileReading.unreadable(statusFile + " is not read: " + StatusFileReads.MAX_BLOCKED
                        + " earlier reads are still blocked in the kernel (a hung mount?)"));
        // whatever still runs is abandoned: interrupting a socket or a pipe read closes it; a read
        // blocked in the kernel stays blocked on its thread, see StatusFileReads
        Stream.concat(Stream.of(health, stats, prosody), censusCall.stream()).forEach(call -> call.cancel(true));
        fileRead.ifPresent(read -> read.cancel(true));
        String healthBody = new String(healthResult.body(), StandardCharsets.UTF_8);
        return new Observations(clock.instant(), healthResult.response(), healthBody,
                counts.response(), counts.value(), prosodyResponse, fileReading, censusReading);
    }

    /** A 200 body turned into a value, or the response marked with why it could not be. */
    private record Decoded<T>(PeerResponse response, Optional<T> value) {
    }

    @FunctionalInterface
    private interface BodyParser<T> {
        T parse(byte[] body) throws MalformedBodyException;
    }

    private static <T> Decoded<T> decode(PeerClient.Result result, int maxBytes, BodyParser<T> parser) {
        PeerResponse response = result.response();
        if (!response.ok()) {
            return new Decoded<>(response, Optional.empty());
        }
        if (result.truncated()) {
            return new Decoded<>(response.withProblem("body larger than " + maxBytes + " bytes"), Optional.empty());
        }
        try {
            return new Decoded<>(response, Optional.of(parser.parse(result.body())));
        } catch (MalformedBodyException e) {
            return new Decoded<>(response.withProblem(e.getMessage()), Optional.empty());
        }
    }

    private Future<PeerClient.Result> submit(Supplier<PeerClient.Result> call) {
        return executor.submit(call::get);
    }

    /**
     * Waits for a task until the poll's deadline (one for all tasks, so a poll lasts at most about
     * the request timeout however many peers trickle).
     */
    private <T> T await(Future<T> task, Instant deadline, BiFunction<Outcome, String, T> failed) {
        try {
            long wait = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            return task.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return failed.apply(Outcome.TIMED_OUT, "no complete answer within " + requestTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return failed.apply(Outcome.FAILED, Text.oneLine(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed.apply(Outcome.FAILED, "interrupted");
        }
    }

    private PeerClient.Result abandoned(Outcome outcome, String problem) {
        return new PeerClient.Result(PeerResponse.failed(outcome, problem, requestTimeout), new byte[0], false);
    }

    private StatusFileReading fileUnreadable(Outcome outcome, String problem) {
        return StatusFileReading.unreadable(switch (outcome) {
            case TIMED_OUT -> statusFile + " could not be read within " + requestTimeout.toMillis()
                    + " ms (blocked in the kernel: a hung mount?)";
            case NOT_POLLED, RESPONDED, REFUSED, FAILED -> statusFile + " cannot be read: " + problem;
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        fileReads.close();
        peers.close();
    }
}
