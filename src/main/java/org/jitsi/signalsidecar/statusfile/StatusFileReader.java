package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.StatusFileReading;

import static java.util.Objects.requireNonNull;

/**
 * Reads the first line of the status file, never more than {@value #MAX_BYTES} bytes of it. Only a
 * regular file (or a link to one) is opened: a FIFO, socket or device would block the read or
 * never end, and a directory has no line, so each is reported as unreadable from its file type
 * alone. A UTF-8 byte-order mark before the word (Windows editors write one) is skipped.
 */
public final class StatusFileReader {
    static final int MAX_BYTES = 4096;
    static final int MAX_CONTENTS_CHARS = 256;
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** {@code unix:mode}'s file-type bits and the types that are not regular files. */
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private final Path path;

    public StatusFileReader(Path path) {
        this.path = requireNonNull(path, "path is null");
    }

    /** Never throws; blocks only as long as the file system does (a hung mount). */
    public StatusFileReading read() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return StatusFileReading.unreadable(path + " is a directory, not a file");
            }
            if (!attributes.isRegularFile()) {
                return StatusFileReading.unreadable(path + " is " + otherType() + ", not a regular file; it is not read");
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                 InputStream in = Channels.newInputStream(channel)) {
                return StatusFileReading.read(firstLine(in.readNBytes(MAX_BYTES)));
            }
        } catch (NoSuchFileException e) {
            return StatusFileReading.unreadable(path + " is missing");
        } catch (AccessDeniedException e) {
            return StatusFileReading.unreadable(path + " is not readable (permission denied)");
        } catch (FileSystemException e) {
            // e.g. "Too many levels of symbolic links", "Not a directory"
            return StatusFileReading.unreadable(path + " cannot be read: " + Text.oneLine(e.getReason()));
        } catch (IOException | RuntimeException e) {
            return StatusFileReading.unreadable(path + " cannot be read: " + Text.oneLine(e.toString()));
        }
    }

    /** The first line of the text, trimmed, without a byte-order mark, at most {@value #MAX_CONTENTS_CHARS} characters. */
    static String firstLine(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.length() <= MAX_CONTENTS_CHARS) {
            return line;
        }
        // never split a character outside the BMP into half a surrogate pair
        int end = Character.isHighSurrogate(line.charAt(MAX_CONTENTS_CHARS - 1)) ? MAX_CONTENTS_CHARS - 1 : MAX_CONTENTS_CHARS;
        return line.substring(0, end);
    }

    /** "a FIFO", "a socket", ... from the file-type bits, where the file system tells them. */
    private String otherType() {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & TYPE_MASK) {
                case FIFO -> "a FIFO (named pipe)";
                case SOCKET -> "a socket";
                case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }
}
