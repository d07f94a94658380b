package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.statusfile.StatusFileReads;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** One poll against stub peers over real sockets: every failure becomes an observation, in bounded time. */
class PollerIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;
    private StubPeer jicofo;
    private StubPeer prosody;
    private Poller poller;

    @BeforeEach
    void start() throws IOException {
        jicofo = StubPeer.jicofo();
        prosody = StubPeer.prosody();
        Files.writeString(dir.resolve("shard-status"), "ready\n");
        poller = poller(jicofo.origin(), Optional.of("meet.test"));
    }

    private Poller poller(String jicofoOrigin, Optional<String> censusHost) {
        return new Poller(settings(jicofoOrigin, censusHost), Clock.systemUTC());
    }

    private PeerSettings settings(String jicofoOrigin, Optional<String> censusHost) {
        return new PeerSettings(URI.create(jicofoOrigin), URI.create(prosody.origin()),
                dir.resolve("shard-status"), Duration.ofSeconds(1), TIMEOUT, censusHost);
    }

    @AfterEach
    void stop() {
        poller.close();
        jicofo.close();
        prosody.close();
    }

    @Test
    void healthyPeers() {
        Observations o = poller.poll();
        assertThat(o.jicofoHealth().ok()).isTrue();
        assertThat(o.jicofoHealthBody()).isEqualTo("OK");
        assertThat(o.jicofoCounts()).hasValueSatisfying(c -> assertThat(c.participants()).isEqualTo(12));
        assertThat(o.prosodyHealth().ok()).isTrue();
        assertThat(o.statusFile().contents()).isEqualTo("ready");
        assertThat(o.census()).hasValueSatisfying(c -> assertThat(c.summary()).hasValueSatisfying(s -> {
            assertThat(s.rooms()).isEqualTo(2);
            assertThat(s.participants()).isEqualTo(8);
            assertThat(s.sumSquaredParticipants()).isEqualTo(34);
        }));
        assertThat(prosody.lastHost("/room-census")).contains("meet.test");
    }

    /**
     * TLS is set up only when a peer is asked over https; such a peer gets a TLS handshake (a
     * record starting with byte 22), not plain HTTP.
     */
    @Test
    void aPeerOverHttpsIsAskedOverTls() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger firstByte = new AtomicInteger(-1);
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    firstByte.set(socket.getInputStream().read());
                } catch (IOException e) {
                    // the test ended first
                }
            });
            poller.close();
            poller = poller("https://127.0.0.1:" + server.getLocalPort(), Optional.empty());
            Observations o = poller.poll();
            assertThat(o.jicofoHealth().ok()).isFalse();
            Await.until(firstByte::get, b -> b == 22, Duration.ofSeconds(5), "the peer saw a TLS handshake");
        }
    }

    @Test
    void refusedPeerIsAnObservation() {
        poller.close();
        poller = poller("http://127.0.0.1:" + FreePort.pick(), Optional.empty());
        Observations o = poller.poll();
        assertThat(o.jicofoHealth().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(o.jicofoStats().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(o.jicofoCounts()).isEmpty();
        assertThat(o.prosodyHealth().ok()).isTrue();
    }

    @Test
    void hangingPeerTimesOutWithinItsTimeoutAndOnce() {
        prosody.reply("/http-bind", StubPeer.Reply.hanging());
        long start = System.nanoTime();
        Observations o = poller.poll();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(o.prosodyHealth().outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(o.jicofoHealth().ok()).isTrue();
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(1));
        assertThat(prosody.hits("/http-bind")).as("no hidden retries").isEqualTo(1);
    }

    @Test
    void hugeHealthBodyIsReadOnlyAsFarAsTheReportShowsIt() {
        jicofo.reply("/about/health", 200, "text/plain", "x".repeat(20 << 20));
        Observations o = poller.poll();
        assertThat(o.jicofoHealth().ok()).isTrue();
        assertThat(o.jicofoHealthBody()).hasSize(Observations.MAX_HEALTH_BODY_CHARS);
    }

    @Test
    void oversizedStatsAreRejectedNotRead() {
        jicofo.reply("/stats", 200, "application/json", "{\"participants\":1,\"pad\":\"" + "x".repeat(2 << 20) + "\"}");
        Observations o = poller.poll();
        assertThat(o.jicofoStats().reachable()).isTrue();
        assertThat(o.jicofoStats().ok()).isFalse();
        assertThat(o.jicofoStats().problem()).contains("body larger than " + Poller.MAX_STATS_BYTES + " bytes");
        assertThat(o.jicofoCounts()).isEmpty();
    }

    @Test
    void garbageStatsSayWhy() {
        jicofo.reply("/stats", 200, "application/json", "<html>oops</html>");
        Observations o = poller.poll();
        assertThat(o.jicofoStats().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("stats are not valid JSON"));
    }

    @Test
    void censusWithoutContentTypeAndOldEmptyForm() {
        prosody.reply("/room-census", new StubPeer.Reply(200, Optional.empty(), "{\"room_census\":{}}".getBytes(), false));
        Observations o = poller.poll();
        assertThat(o.census().flatMap(c -> c.summary())).hasValueSatisfying(s -> {
            assertThat(s.rooms()).isZero();
            assertThat(new String(s.json())).isEqualTo("{\"room_census\":[]}");
        });
    }

    @Test
    void aFifoCostsNoPollAndAFileInItsPlaceIsReadAtOnce() throws Exception {
        Path status = dir.resolve("shard-status");
        Files.delete(status);
        assertThat(new ProcessBuilder("mkfifo", status.toString()).start().waitFor()).isZero();
        Observations first = poller.poll();
        assertThat(first.statusFile().found()).isFalse();
        assertThat(first.statusFile().problem()).hasValueSatisfying(p -> assertThat(p).contains("is a FIFO"));
        assertThat(first.jicofoHealth().ok()).as("the other inputs are not held up").isTrue();

        Files.delete(status); // nobody ever wrote to the FIFO
        Files.writeString(status, "ready\n");
        assertThat(poller.poll().statusFile()).isEqualTo(StatusFileReading.read("ready"));
    }

    @Test
    void aReadBlockedInTheKernelCostsOnlyItsOwnPoll() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        poller.close();
        poller = new Poller(settings(jicofo.origin(), Optional.empty()), Clock.systemUTC(), () -> {
            if (reads.incrementAndGet() == 1) {
                awaitUninterruptibly(release); // as a read on a hung mount: interrupting it does nothing
            }
            return StatusFileReading.read("drain");
        });
        try {
            long start = System.nanoTime();
            Observations first = poller.poll();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the poll does not wait for the read")
                    .isLessThan(TIMEOUT.plusSeconds(3));
            assertThat(first.statusFile().problem()).hasValueSatisfying(p ->
                    assertThat(p).contains("could not be read within 500 ms"));
            assertThat(poller.poll().statusFile()).as("the next poll reads on another thread")
                    .isEqualTo(StatusFileReading.read("drain"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void readsBlockedForEverAreBoundedAndTheFileIsReadOnceTheyReturn() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        poller.close();
        poller = new Poller(settings(jicofo.origin(), Optional.empty()), Clock.systemUTC(), () -> {
            blocked.incrementAndGet();
            awaitUninterruptibly(release);
            blocked.decrementAndGet();
            return StatusFileReading.read("maint");
        });
        try {
            for (int i = 0; i < StatusFileReads.MAX_BLOCKED; i++) {
                assertThat(poller.poll().statusFile().problem()).hasValueSatisfying(p -> assertThat(p).contains("could not be read"));
            }
            Observations bounded = poller.poll();
            assertThat(bounded.statusFile().problem()).hasValueSatisfying(p -> assertThat(p).contains(
                    "is not read: " + StatusFileReads.MAX_BLOCKED + " earlier reads are still blocked"));
            assertThat(blocked.get()).isEqualTo(StatusFileReads.MAX_BLOCKED);
        } finally {
            release.countDown(); // the mount comes back
        }
        Observations later = Await.until(poller::poll, o -> o.statusFile().found(), "the status file readable again");
        assertThat(later.statusFile()).isEqualTo(StatusFileReading.read("maint"));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
