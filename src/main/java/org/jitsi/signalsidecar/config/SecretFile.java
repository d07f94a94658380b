package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A secret kept in a file (the drain-control token, the Consul token), read once at start by one
 * rule: at most {@value #MAX_BYTES} bytes, surrounding white space trimmed, and a warning when its
 * group or others can read the file. Nothing here ever puts the secret in a message.
 *
 * @param text the secret, trimmed
 * @param file the file it was read from
 * @param mode the file's permissions when they let others than its owner read it
 */
record SecretFile(String text, Path file, Optional<String> mode) {
    /** Far more than any token; a bigger file is most likely the wrong one. */
    static final int MAX_BYTES = 4096;

    SecretFile {
        requireNonNull(text, "text is null");
        requireNonNull(file, "file is null");
        requireNonNull(mode, "mode is null");
    }

    /** Why a secret file cannot be used; each setting words it for its own error line. */
    enum Problem { NOT_A_PATH, NO_SUCH_FILE, PERMISSION_DENIED, UNREADABLE, EMPTY, TOO_LARGE }

    /** A secret file that cannot be used, and what the system said (never the file's contents). */
    static final class Unusable extends Exception {
        private final Problem problem;

        Unusable(Problem problem, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    /** Reads the file {@code path} names (already stripped). */
    static SecretFile read(String path) throws Unusable {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new Unusable(Problem.NOT_A_PATH, ConfigException.firstLine(e));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new Unusable(Problem.NO_SUCH_FILE, ConfigException.firstLine(e));
        } catch (AccessDeniedException e) {
            throw new Unusable(Problem.PERMISSION_DENIED, ConfigException.firstLine(e));
        } catch (IOException | SecurityException e) {
            throw new Unusable(Problem.UNREADABLE, ConfigException.firstLine(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw new Unusable(Problem.TOO_LARGE, "more than " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new Unusable(Problem.EMPTY, "empty");
        }
        return new SecretFile(text, file, looseMode(file));
    }

    private static Optional<String> looseMode(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(PosixFilePermissions.toString(mode));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no POSIX permissions to check (or they vanished): the secret was read, which is what matters
        }
        return Optional.empty();
    }

    /** The warning for a file others can read, naming the setting as the operator named it. */
    Optional<String> warning(String name) {
        return mode.map(m -> name + " " + file + " can be read by others than its owner (mode " + m
                + "); make it readable by the sidecar's user only: chmod 0400 " + file);
    }

    @Override
    public String toString() {
        return "SecretFile[text=(not shown), file=" + file + ", mode=" + mode + "]";
    }
}
