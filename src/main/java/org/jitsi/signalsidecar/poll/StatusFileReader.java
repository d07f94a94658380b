package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jitsi.signalsidecar.report.StatusFileReading;

import static java.util.Objects.requireNonNull;

/** Reads the first line of the status file, never more than {@value #MAX_BYTES} bytes of it. */
final class StatusFileReader {
    static final int MAX_BYTES = 4096;
    static final int MAX_CONTENTS_CHARS = 256;

    private final Path path;

    StatusFileReader(Path path) {
        this.path = requireNonNull(path, "path is null");
    }

    StatusFileReading read() {
        try (InputStream in = Files.newInputStream(path)) {
            String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
            String firstLine = text.strip().lines().findFirst().orElse("").strip();
            if (firstLine.length() > MAX_CONTENTS_CHARS) {
                firstLine = firstLine.substring(0, MAX_CONTENTS_CHARS);
            }
            return StatusFileReading.read(firstLine);
        } catch (NoSuchFileException e) {
            return StatusFileReading.unreadable(path + " is missing");
        } catch (AccessDeniedException e) {
            return StatusFileReading.unreadable(path + " is not readable (permission denied)");
        } catch (IOException | RuntimeException e) {
            return StatusFileReading.unreadable(path + " cannot be read: " + Peer.oneLine(e.getMessage()));
        }
    }
}
