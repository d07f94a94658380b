package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.poll.Poller;
import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.statusfile.StatusFileReader;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FaultyPeer.Answer;
import org.jitsi.signalsidecar.testing.FaultyPeer;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.LocalSidecar;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection suite: one sidecar, polling a {@link FaultyPeer} jicofo and prosody and a
 * status file, meets one fault after another. For every fault it must keep its cadence (no poll
 * longer than the request timeout plus a margin, measured between published snapshots), say what
 * is wrong (report fields and the {@code signalNode} problem), keep its memory bounded (report
 * size, heap retained after a full GC), keep answering the HAProxy agent, and recover at the
 * first poll after the fault clears. {@code docs/reliability.md} lists the same faults.
 *
 * <p>Run alone: {@code src/dev/sh/dev test -Dgroups=faults}.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    /**
     * Between two snapshots: the interval, a poll of at most the request timeout plus the 500 ms
     * after which the poller abandons a request its own timeouts did not end (a dripping peer), and
     * 500 ms for a busy machine. A poll that waited for a hung or dripping peer would exceed it.
     */
    private static final Duration MAX_GAP = INTERVAL.plus(TIMEOUT).plusMillis(500 + 500);
    /** A report is about 800 bytes; jicofo's health body and the status line are shown cut. */
    private static final int MAX_REPORT_BYTES = 2048;
    /** What the heap may retain more after a fault's polls than before: no peer body stays. */
    private static final long MAX_HEAP_GROWTH = 24L << 20;
    /** Polls each fault must survive after the report first shows it. */
    private static final int POLLS_UNDER_FAULT = 3;
    private static final String HEALTHY = "up ready 100%";

    @TempDir
    static Path dir;
    private final FaultyPeer jicofo = FaultyPeer.jicofo();
    private final FaultyPeer prosody = FaultyPeer.prosody();
    private Path statusFile;
    private final BlockableReads reads = new BlockableReads();
    private final List<Instant> pollTimes = new CopyOnWriteArrayList<>();
    private LocalSidecar sidecar;

    /** The real status-file read, which a test can make block as a read on a hung mount does. */
    private final class BlockableReads {
        private volatile CountDownLatch blocked;

        StatusFileReading read() {
            CountDownLatch gate = blocked;
            while (gate != null && gate.getCount() > 0) {
                try {
                    gate.await(); // interrupting a read blocked in the kernel does not end it either
                } catch (InterruptedException e) {
                    // keep blocking, as the kernel would
                }
            }
            return new StatusFileReader(statusFile).read();
        }

        void block() {
            blocked = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch gate = blocked;
            blocked = null;
            if (gate != null) {
                gate.countDown();
            }
        }
    }

    @BeforeAll
    void start() {
        statusFile = dir.resolve("shard-status");
        status("ready\n");
        SidecarConfig config = TestConfig.loopback()
                .peers(jicofo.origin(), prosody.origin())
                .statusFile(statusFile)
                .interval(INTERVAL)
                .requestTimeout(TIMEOUT)
                .census("meet.test")
                .build();
        sidecar = LocalSidecar.of(Sidecar.start(config, Clock.systemUTC(),
                new Poller(config.peers(), Clock.systemUTC(), reads::read)));
        sidecar.store().addListener((previous, next) -> {
            if (!next.amended()) { // the status-file watch amends between polls
                pollTimes.add(next.time());
            }
        });
    }

    @AfterAll
    void stop() {
        reads.release();
        sidecar.close();
        jicofo.close();
        prosody.close();
    }

    @BeforeEach
    void healthyAtFirst() {
        sidecar.awaitReport(r -> r.get("agentmessage").asText().equals(HEALTHY), "a healthy node before the fault");
    }

    @AfterEach
    void clearEveryFault() {
        reads.release();
        jicofo.heal();
        prosody.heal();
        status("ready\n");
    }

    /**
     * One row of the table.
     *
     * @param name    what goes wrong
     * @param inject  makes it go wrong
     * @param agent   what the HAProxy agent must say meanwhile
     * @param problem a part of the {@code signalNode} problem; empty when the node stays healthy
     * @param fields  report fields as {@code /json/pointer=value}
     */
    record Fault(String name, Consumer<FaultIT> inject, String agent, String problem, List<String> fields) {
        @Override
        public String toString() {
            return name;
        }

        boolean shownBy(JsonNode report) {
            return report.get("agentmessage").asText().equals(agent)
                    && fields.stream().allMatch(field -> {
                        int eq = field.lastIndexOf('=');
                        return report.at(field.substring(0, eq)).asText().equals(field.substring(eq + 1));
                    });
        }
    }

    private static Fault fault(String name, Consumer<FaultIT> inject, String agent, String problem, String... fields) {
        return new Fault(name, inject, agent, problem, List.of(fields));
    }

    private static final String STATS_PREFIX = "{\"conferences\":3,\"participants\":12,\"pad\":\"";

    Stream<Fault> faults() {
        return Stream.of(
                fault("jicofo refuses connections", t -> t.jicofo.refuse(), "down ready 0%",
                        "jicofo health refused the connection",
                        "/services/jicofoReachable=false", "/services/jicofoStatusCode=0", "/stats/jicofoParticipants=null"),
                fault("prosody refuses connections", t -> t.prosody.refuse(), "down ready 0%",
                        "prosody refused the connection", "/services/prosodyReachable=false", "/services/prosodyHealthy=false"),
                fault("jicofo resets the connection mid-response", t -> t.jicofo.answer("/about/health", Answer.resetAfter(1, 100)),
                        "down ready 0%", "jicofo health failed", "/services/jicofoReachable=false"),
                fault("jicofo stats reset mid-body", t -> t.jicofo.answer("/stats", Answer.resetAfter(200, 2000)),
                        "down ready 0%", "jicofo stats failed", "/services/jicofoStatsReachable=false"),
                fault("jicofo hangs before the headers", t -> t.jicofo.answer("/about/health", Answer.hangBeforeHeaders()),
                        "down ready 0%", "jicofo health did not answer in time", "/services/jicofoReachable=false"),
                fault("prosody hangs before the headers", t -> t.prosody.answer("/http-bind", Answer.hangBeforeHeaders()),
                        "down ready 0%", "prosody did not answer in time",
                        "/services/prosodySoftDown=true", "/services/prosodyReachable=false"),
                fault("jicofo drips its health body a byte at a time", t -> t.jicofo.answer("/about/health", Answer.drip()),
                        "down ready 0%", "jicofo health did not answer in time", "/services/jicofoReachable=false"),
                fault("prosody drips its page a byte at a time", t -> t.prosody.answer("/http-bind", Answer.drip()),
                        "down ready 0%", "prosody did not answer in time", "/services/prosodySoftDown=true"),
                fault("jicofo health answers 500", t -> t.jicofo.answer("/about/health", Answer.of(500, "text/plain", "boom")),
                        "down ready 0%", "jicofo health answered 500",
                        "/services/jicofoStatusCode=500", "/services/jicofoStatusContents=boom", "/services/jicofoSoftDown=false"),
                fault("jicofo health answers 503", t -> t.jicofo.answer("/about/health", Answer.of(503, "text/plain", "busy")),
                        "down ready 0%", "jicofo health answered 503",
                        "/services/jicofoStatusCode=503", "/services/jicofoSoftDown=true"),
                fault("jicofo health answers 404 (health checks off)",
                        t -> t.jicofo.answer("/about/health", Answer.of(404, "text/plain", "Not Found")),
                        "down ready 0%", "jicofo health answered 404", "/services/jicofoStatusCode=404"),
                fault("jicofo stats answer 500", t -> t.jicofo.answer("/stats", Answer.of(500, "text/plain", "")),
                        "down ready 0%", "jicofo stats answered 500", "/services/jicofoStatsStatusCode=500"),
                fault("prosody answers 503", t -> t.prosody.answer("/http-bind", Answer.of(503, "text/html", "")),
                        "down ready 0%", "prosody answered 503", "/services/prosodyStatusCode=503"),
                fault("jicofo stats are invalid JSON", t -> t.jicofo.answer("/stats",
                                Answer.of(200, "application/json", "{\"participants\": 12,")),
                        "down ready 0%", "stats are not valid JSON",
                        "/services/jicofoStatsStatusCode=200", "/services/jicofoHealthy=false", "/stats/jicofoParticipants=null"),
                fault("jicofo stats are an array", t -> t.jicofo.answer("/stats", Answer.of(200, "application/json", "[12,3]")),
                        "down ready 0%", "stats are not a JSON object", "/services/jicofoHealthy=false"),
                fault("jicofo stats carry participants as a string", t -> t.jicofo.answer("/stats",
                                Answer.of(200, "application/json", "{\"participants\":\"12\"}")),
                        "down ready 0%", "stats field participants is not an integer", "/services/jicofoHealthy=false"),
                fault("jicofo stats lack participants", t -> t.jicofo.answer("/stats",
                                Answer.of(200, "application/json", "{\"conferences\":3}")),
                        "down ready 0%", "stats carry no integer participants", "/services/jicofoHealthy=false"),
                fault("jicofo stats of 20 MiB", t -> t.jicofo.answer("/stats", Answer.huge(STATS_PREFIX, 20L << 20, "\"}")),
                        "down ready 0%", "body larger than 1048576 bytes", "/stats/jicofoParticipants=null"),
                fault("jicofo stats chunked without end", t -> t.jicofo.answer("/stats", Answer.endlessChunked("application/json")),
                        "down ready 0%", "body larger than 1048576 bytes", "/stats/jicofoParticipants=null"),
                fault("jicofo health body of 20 MiB (shown cut)", t -> t.jicofo.answer("/about/health",
                                Answer.huge("OK", 20L << 20, "")),
                        HEALTHY, "", "/services/jicofoStatusCode=200", "/services/jicofoStatusContents=OK" + "x".repeat(510)),
                fault("prosody page chunked without end (only its status counts)",
                        t -> t.prosody.answer("/http-bind", Answer.endlessChunked("text/html")),
                        HEALTHY, "", "/services/prosodyHealthy=true"),
                fault("census chunked without end (census never affects health)",
                        t -> t.prosody.answer("/room-census", Answer.endlessChunked("application/json")),
                        HEALTHY, "", "/stats/prosodyParticipants=null"),
                fault("jicofo stats as text/html (the content type is not checked)", t -> t.jicofo.answer("/stats",
                                Answer.of(200, "text/html", StubPeer.jicofoStats(12, 3))),
                        HEALTHY, "", "/stats/jicofoParticipants=12"),
                fault("jicofo health as application/octet-stream", t -> t.jicofo.answer("/about/health",
                                Answer.of(200, "application/octet-stream", "OK")),
                        HEALTHY, "", "/services/jicofoStatusContents=OK"),
                fault("jicofo health redirects to itself", t -> t.jicofo.answer("/about/health", Answer.redirect("/about/health")),
                        "down ready 0%", "jicofo health answered 302", "/services/jicofoStatusCode=302"),
                fault("prosody redirects to itself", t -> t.prosody.answer("/http-bind", Answer.redirect("/http-bind")),
                        "down ready 0%", "prosody answered 302", "/services/prosodyStatusCode=302"),

                fault("status file missing", t -> t.removeStatusFile(), "down drain 0%", "is missing",
                        "/status=unknown", "/services/statusFileFound=false"),
                fault("status file empty", t -> t.status(""), "up drain 0%", "",
                        "/status=unknown", "/services/statusFileFound=true", "/services/statusFileContents="),
                fault("status file with an unknown word", t -> t.status("readdy\n"), "up drain 0%", "",
                        "/status=unknown", "/services/statusFileContents=readdy"),
                fault("status file in upper case with CRLF", t -> t.status("DRAIN\r\n"), "up drain 0%", "",
                        "/status=drain", "/services/statusFileContents=DRAIN"),
                fault("status file with a UTF-8 byte-order mark", t -> t.status("\ufeffmaint\n"), "up maint 0%", "",
                        "/status=maint", "/services/statusFileContents=maint"),
                fault("status file is a directory", t -> t.replaceStatusFile(p -> Files.createDirectory(p)),
                        "down drain 0%", "is a directory", "/services/statusFileFound=false"),
                fault("status file of 1 GiB (sparse)", t -> t.replaceStatusFile(p -> {
                            try (RandomAccessFile file = new RandomAccessFile(p.toFile(), "rw")) {
                                file.write("drain\n".getBytes(StandardCharsets.US_ASCII));
                                file.setLength(1L << 30);
                            }
                        }), "up drain 0%", "", "/status=drain"),
                fault("status file is a FIFO nobody writes to", t -> t.replaceStatusFile(p -> mkfifo(p)),
                        "down drain 0%", "is a FIFO", "/services/statusFileFound=false"),
                fault("status file is a loop of symbolic links", t -> t.replaceStatusFile(p -> {
                            Path other = p.resolveSibling("loop");
                            Files.deleteIfExists(other);
                            Files.createSymbolicLink(other, p);
                            Files.createSymbolicLink(p, other);
                        }), "down drain 0%", "Too many levels of symbolic links", "/services/statusFileFound=false"),
                fault("status file reads block in the kernel (then are released)", t -> t.reads.block(),
                        "down drain 0%", "blocked in the kernel", "/services/statusFileFound=false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyFaultIsReportedWithinTheCadenceAndHeals(Fault fault) {
        long heapBefore = retainedHeap();
        int firstPoll = pollTimes.size();

        fault.inject().accept(this);
        sidecar.awaitReport(fault::shownBy, fault.name());
        for (int i = 0; i < POLLS_UNDER_FAULT; i++) {
            awaitNextPoll(fault.name());
            assertThat(sidecar.agent()).as("the agent answers").isEqualTo(fault.agent() + "\n");
            HttpResponse<String> report = sidecar.get("/signal/report");
            assertThat(report.body().length()).as("report size").isLessThan(MAX_REPORT_BYTES);
            assertThat(fault.shownBy(Json.parse(report.body()))).as("the report still shows it: " + report.body()).isTrue();
        }
        assertThat(problems()).as("what /health/ready says is wrong").contains(fault.problem());
        if (fault.problem().isEmpty()) {
            assertThat(problems()).isEmpty();
        }
        assertThat(retainedHeap() - heapBefore).as("heap retained after the fault's polls").isLessThan(MAX_HEAP_GROWTH);

        clearEveryFault();
        sidecar.awaitReport(r -> r.get("agentmessage").asText().equals(HEALTHY), "recovery");
        // the status-file watch may have shown it first: a poll must find the node healthy too
        awaitNextPoll("a poll after the fault cleared");
        assertThat(sidecar.report().get("healthy").asBoolean()).isTrue();
        assertThat(sidecar.agent()).isEqualTo(HEALTHY + "\n");
        assertCadence(firstPoll);
    }

    @Test
    void endlessAndHugeBodiesAreNotReadPastTheirCaps() {
        jicofo.answer("/stats", Answer.endlessChunked("application/json"));
        sidecar.awaitReport(r -> r.at("/stats/jicofoParticipants").isNull(), "stats rejected");
        awaitNextPoll("another poll of the endless body");
        awaitNextPoll("another poll of the endless body");
        // what the sidecar read (1 MiB) plus what the kernel buffers on both ends (tens of MiB at most);
        // a reader without a cap would take in hundreds of MiB per poll on loopback
        assertThat(jicofo.mostBytesSent("/stats")).isLessThan(64L << 20);
        assertThat(jicofo.hits("/stats")).isGreaterThan(2);
    }

    @Test
    void aStatusFileReplacedWhileBeingReadIsReadWholeEveryTime() {
        // the polls' readings and the status-file watch's, which reads the file after each rename
        List<StatusFileReading> readings = new CopyOnWriteArrayList<>();
        sidecar.store().addListener((previous, next) -> readings.add(next.observations().statusFile()));
        int firstPoll = pollTimes.size();
        CountDownLatch stop = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; stop.getCount() > 0; i++) {
                status(i % 2 == 0 ? "drain\n" : "ready\n");
            }
        });
        try {
            Await.until(pollTimes::size, n -> n >= firstPoll + 2 * POLLS_UNDER_FAULT,
                    "polls while the file is replaced over and over");
        } finally {
            stop.countDown();
        }
        Await.until(writer::isAlive, alive -> !alive, "the writer stopped");
        assertThat(readings).allSatisfy(reading -> assertThat(reading.contents()).isIn("ready", "drain"));
        status("ready\n");
        sidecar.awaitReport(r -> r.get("agentmessage").asText().equals(HEALTHY), "recovery");
        assertCadence(firstPoll);
    }

    /**
     * A status file the sidecar may not read. Permissions do not stop root (these tests run as root
     * in CI), so then a packaged sidecar runs as {@code nobody} through {@code setpriv}; as any
     * other user the sidecar of this class meets the file itself.
     */
    @Test
    void anUnreadableStatusFileSaysPermissionDeniedAndHeals() throws Exception {
        status("ready\n");
        Files.setPosixFilePermissions(statusFile, PosixFilePermissions.fromString("---------"));
        try {
            if (!Files.isReadable(statusFile)) {
                int firstPoll = pollTimes.size();
                sidecar.awaitReport(r -> r.get("agentmessage").asText().equals("down drain 0%"), "permission denied");
                awaitNextPoll("an unreadable file");
                assertThat(problems()).contains("is not readable (permission denied)");
                assertThat(sidecar.agent()).isEqualTo("down drain 0%\n");
                Files.setPosixFilePermissions(statusFile, PosixFilePermissions.fromString("rw-r--r--"));
                sidecar.awaitReport(r -> r.get("agentmessage").asText().equals(HEALTHY), "recovery");
                assertCadence(firstPoll);
                return;
            }
            Path setpriv = Path.of("/usr/bin/setpriv");
            Assumptions.assumeTrue(Files.isExecutable(setpriv),
                    "running as root, and without setpriv there is no other user to read the file as");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (Unprivileged other = new Unprivileged(setpriv)) {
                List<Instant> times = new ArrayList<>();
                Await.until(other::problems, p -> p.contains("is not readable (permission denied)"),
                        Duration.ofSeconds(30), "the sidecar run as nobody to find the file unreadable");
                JsonNode denied = other.report(times);
                assertThat(denied.at("/services/statusFileFound").asBoolean()).isFalse();
                assertThat(denied.get("agentmessage").asText()).isEqualTo("down drain 0%");
                assertThat(Http.agent(other.agentPort)).isEqualTo("down drain 0%\n");
                int seen = times.size();
                Await.until(() -> other.report(times), r -> times.size() >= seen + POLLS_UNDER_FAULT,
                        "polls under the fault");
                Files.setPosixFilePermissions(statusFile, PosixFilePermissions.fromString("rw-r--r--"));
                Await.until(() -> other.report(times), r -> r.get("agentmessage").asText().equals(HEALTHY), "recovery");
                assertThat(Http.agent(other.agentPort)).isEqualTo(HEALTHY + "\n");
                // the times are sampled every 20 ms or so: allow for one sample's delay
                assertThat(gaps(times.subList(1, times.size()))).allSatisfy(gap ->
                        assertThat(gap).isLessThanOrEqualTo(MAX_GAP.plusMillis(200)));
            }
        } finally {
            Files.setPosixFilePermissions(statusFile, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The packaged sidecar as user {@code nobody}, polling this class's peers and status file. */
    private final class Unprivileged implements AutoCloseable {
        private final Process process;
        private final int httpPort = FreePort.pick();
        private final int agentPort = FreePort.pick();

        Unprivileged(Path setpriv) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            String jar = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");
            ProcessBuilder builder = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", java, "-jar", Path.of(jar).toAbsolutePath().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("nobody.log").toFile());
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            builder.environment().putAll(Map.of(
                    "SIGNAL_SIDECAR_CONFIG", Files.writeString(dir.resolve("nobody.yaml"), "{}\n").toString(),
                    "HTTP_HOST", "127.0.0.1", "HTTP_PORT", String.valueOf(httpPort),
                    "TCP_HOST", "127.0.0.1", "TCP_PORT", String.valueOf(agentPort),
                    "JICOFO_ORIG", jicofo.origin(), "PROSODY_ORIG", prosody.origin(),
                    "STATUS_PATH", statusFile.toString(),
                    "POLLING_INTERVAL", "0.1", "REQUEST_TIMEOUT", "0.4"));
            builder.environment().putAll(Map.of("HEALTH_DAMPENING_INTERVAL", "0", "DRAIN_GRACE_INTERVAL", "0"));
            process = builder.start();
        }

        /** The report, or null while the sidecar does not listen yet; adds each new poll time to {@code times}. */
        JsonNode report(List<Instant> times) {
            try {
                JsonNode report = Json.parse(Http.get(httpPort, "/signal/report").body());
                Instant time = Instant.parse(report.get("time").asText());
                if (times.isEmpty() || !times.getLast().equals(time)) {
                    times.add(time);
                }
                return report;
            } catch (UncheckedIOException e) {
                return null;
            }
        }

        /** The {@code signalNode} problems; empty while the sidecar does not listen yet. */
        String problems() {
            try {
                return FaultIT.problems(Http.get(httpPort, "/health/ready").body());
            } catch (UncheckedIOException e) {
                return "";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // -- helpers ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface FileMaker {
        void make(Path path) throws IOException;
    }

    /** Replaces the status file at once, so a poll never reads it half written. */
    private void status(String contents) {
        try {
            if (!Files.isRegularFile(statusFile, LinkOption.NOFOLLOW_LINKS)) {
                removeStatusFile(); // a rename replaces a file, a FIFO or a link, but not a directory
            }
            Path next = Files.createTempFile(dir, "next", ".tmp");
            Files.writeString(next, contents);
            Files.move(next, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes whatever is at the status file's path: a file, a directory, a FIFO, a link. */
    private void removeStatusFile() {
        try {
            if (Files.isDirectory(statusFile, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> tree = Files.walk(statusFile)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.deleteIfExists(statusFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts something else where the status file was. */
    private void replaceStatusFile(FileMaker maker) {
        removeStatusFile();
        try {
            maker.make(statusFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            int status = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor();
            assertThat(status).as("mkfifo").isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void awaitNextPoll(String what) {
        int seen = pollTimes.size();
        Await.until(pollTimes::size, n -> n > seen, Duration.ofSeconds(5), "a poll under " + what);
    }

    /** Every gap between the snapshots published since {@code firstPoll} is within {@link #MAX_GAP}. */
    private void assertCadence(int firstPoll) {
        List<Instant> times = new ArrayList<>(pollTimes.subList(firstPoll, pollTimes.size()));
        assertThat(times).hasSizeGreaterThan(POLLS_UNDER_FAULT);
        assertThat(gaps(times)).as("time between polls").allSatisfy(gap -> assertThat(gap).isLessThanOrEqualTo(MAX_GAP));
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return gaps;
    }

    private String problems() {
        return problems(sidecar.get("/health/ready").body());
    }

    /** The {@code signalNode} check's problems in a {@code /health/ready} body, empty when it has none. */
    private static String problems(String healthReady) {
        JsonNode health = Json.parse(healthReady);
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("signalNode")) {
                JsonNode problems = check.at("/data/problems");
                return problems.isMissingNode() ? "" : problems.asText();
            }
        }
        throw new AssertionError("no signalNode check in " + health);
    }

    /** Heap in use after a full collection: what the process holds on to. */
    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
