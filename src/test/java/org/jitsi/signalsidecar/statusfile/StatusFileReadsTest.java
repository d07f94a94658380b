package org.jitsi.signalsidecar.statusfile;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFileReadsTest {
    /** Blocks every read until {@link #release} counts down, then reads {@code ready}. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger started = new AtomicInteger();
    private final StatusFileReads reads = new StatusFileReads(() -> {
        started.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            // a blocked kernel read ignores interruption too
            Thread.currentThread().interrupt();
        }
        return StatusFileReading.read("ready");
    });

    @AfterEach
    void stop() {
        release.countDown();
        reads.close();
    }

    @Test
    void aBlockedReadDoesNotStopTheNextOneUpToTheBound() {
        for (int i = 1; i <= StatusFileReads.MAX_BLOCKED; i++) {
            assertThat(reads.start()).as("read %d starts beside the blocked ones", i).isPresent();
            int expected = i;
            Await.until(started::get, n -> n == expected, "read " + i + " running");
        }
        assertThat(reads.start()).as("no more threads while " + StatusFileReads.MAX_BLOCKED + " are blocked").isEmpty();
    }

    @Test
    void releasedReadsFreeTheirThreadsForLaterPolls() throws Exception {
        for (int i = 0; i < StatusFileReads.MAX_BLOCKED; i++) {
            reads.start().orElseThrow();
        }
        release.countDown();
        Await.until(reads::running, n -> n == 0, Duration.ofSeconds(5), "every blocked read returned");
        Optional<Future<StatusFileReading>> next = reads.start();
        assertThat(next).isPresent();
        assertThat(next.get().get(5, TimeUnit.SECONDS)).isEqualTo(StatusFileReading.read("ready"));
    }
}
