package org.jitsi.signalsidecar.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A node as the sidecar sees it: stub jicofo and prosody, a status file in a temporary directory,
 * and, once started, a {@link LocalSidecar} polling them, through which the test reads.
 */
public final class SidecarHarness implements AutoCloseable {
    public final StubPeer jicofo = StubPeer.jicofo();
    public final StubPeer prosody = StubPeer.prosody();
    private final Path statusFile;
    private LocalSidecar sidecar;

    /** Writes {@code ready} to {@code dir/shard-status}. */
    public SidecarHarness(Path dir) {
        this.statusFile = dir.resolve("shard-status");
        status("ready");
    }

    /** A config polling the stubs and the status file every 100 ms with a 400 ms request timeout. */
    public TestConfig config() {
        return TestConfig.loopback()
                .peers(jicofo.origin(), prosody.origin())
                .statusFile(statusFile)
                .interval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofMillis(400));
    }

    /** Starts the sidecar, usually with a {@link #config()}; {@link #close()} stops it. */
    public void start(TestConfig config) {
        sidecar = LocalSidecar.start(config);
    }

    public LocalSidecar sidecar() {
        return sidecar;
    }

    /** Replaces the status file at once, so a poll never reads it half written (empty: status unknown). */
    public void status(String contents) {
        try {
            Path next = Files.writeString(statusFile.resolveSibling(statusFile.getFileName() + ".next"), contents);
            Files.move(next, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path statusFile() {
        return statusFile;
    }

    /** What the status file holds now; empty when it is missing. */
    public String statusFileContents() {
        try {
            return Files.readString(statusFile);
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeStatusFile() {
        try {
            Files.deleteIfExists(statusFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return sidecar.uri(path);
    }

    public HttpResponse<String> get(String path) {
        return sidecar.get(path);
    }

    public JsonNode report() {
        return sidecar.report();
    }

    /** See {@link LocalSidecar#awaitReport}. */
    public JsonNode awaitReport(Predicate<JsonNode> condition, String what) {
        return sidecar.awaitReport(condition, what);
    }

    public String agent() {
        return sidecar.agent();
    }

    @Override
    public void close() {
        if (sidecar != null) {
            sidecar.close();
        }
        jicofo.close();
        prosody.close();
    }
}
