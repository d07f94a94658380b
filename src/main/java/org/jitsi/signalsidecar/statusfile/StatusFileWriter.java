package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.StatusWord;

import static java.util.Objects.requireNonNull;

/**
 * Replaces the status file's contents with one word, atomically: the word goes into a temporary
 * file in the same directory, which is flushed to disk and then renamed over the status file, so a
 * reader (the poll, an operator's {@code cat}, another writer) sees the old word or the new one,
 * never a half-written or empty file. When the status file is a symbolic link, the file it points
 * to is replaced and the link stays. The replaced file keeps its permissions (a new one gets
 * {@code rw-rw-r--}, as the package creates it) and, where this process may give them (root may),
 * its owner and group: {@code signal-sidecar drain} run as root leaves the service's file the
 * service's. Where it may not, {@link ForeignOwner} decides: the sidecar itself, which reads the
 * file, takes it over; an operator's command refuses, naming the owner, rather than leave a file
 * the sidecar may no longer read.
 *
 * <p>Writers in this process take turns; writers in other processes never see a partial file
 * either, since each renames a complete file of its own. The last rename wins.
 */
public final class StatusFileWriter {
    private static final System.Logger LOGGER = System.getLogger(StatusFileWriter.class.getName());
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-rw-r--");

    /** What to do when the file belongs to another user or group than this process can give it. */
    public enum ForeignOwner {
        /** Replace it all the same, as this process's file: for the sidecar, the file's reader. */
        TAKE_OVER,
        /** Leave it and fail, naming the owner: for an operator's command. */
        REFUSE
    }

    private final Path statusFile;
    private final ForeignOwner foreignOwner;

    /** A writer for the sidecar itself, which takes over a file it cannot give back to its owner. */
    public StatusFileWriter(Path statusFile) {
        this(statusFile, ForeignOwner.TAKE_OVER);
    }

    public StatusFileWriter(Path statusFile, ForeignOwner foreignOwner) {
        this.statusFile = requireNonNull(statusFile, "statusFile is null");
        this.foreignOwner = requireNonNull(foreignOwner, "foreignOwner is null");
    }

    public Path path() {
        return statusFile;
    }

    /**
     * Writes {@code word} and a newline.
     *
     * @param word one of {@code READY}, {@code DRAIN}, {@code MAINT} or {@code UNHEALTHY}
     * @throws IOException with a message naming the file and what went wrong
     */
    public synchronized void write(StatusWord word) throws IOException {
        byte[] contents = (text(word) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path target = target();
        Path directory = target.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write the status file " + statusFile + ": its directory " + directory
                    + " is not writable for this process (permission denied)", e);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot write the status file " + statusFile + ": its directory " + directory
                    + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot write the status file " + statusFile + ": " + Text.oneLine(e.toString()), e);
        }
        try {
            keepOwner(target, temporary);
            Files.setPosixFilePermissions(temporary, permissionsOf(target));
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(contents);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            String why = e instanceof ForeignFileException ? e.getMessage() : Text.oneLine(e.toString());
            throw new IOException("cannot write the status file " + statusFile + ": " + why, e);
        }
        syncDirectory(directory);
    }

    /**
     * Removes the temporary files an interrupted write left beside the status file (a {@code kill -9}
     * between creating and renaming one): only names of this writer's own pattern,
     * {@code .<file name>.<digits>.tmp}, each logged. Call it at start, before anything writes.
     *
     * @return the files removed
     */
    public List<Path> removeLeftovers() {
        List<Path> removed = new ArrayList<>();
        try {
            Path target = target();
            Path directory = target.toAbsolutePath().getParent();
            Pattern ours = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\.[0-9]+\\.tmp");
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                    file -> ours.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
                for (Path file : files) {
                    if (Files.deleteIfExists(file)) {
                        removed.add(file);
                        LOGGER.log(System.Logger.Level.INFO, "Removed " + file
                                + ", left behind by a status file write that was interrupted.");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to tidy (no directory yet), or not allowed to: the next write works all the same
        }
        return removed;
    }

    /** The word as the status file holds it: {@code ready}, {@code drain}, {@code maint} or {@code unhealthy}. */
    static String text(StatusWord word) {
        return switch (word) {
            case READY, DRAIN, MAINT, UNHEALTHY -> word.word();
            case NONE, OTHER -> throw new IllegalArgumentException("not a status word to write: " + word);
        };
    }

    /** The file to replace: the status file, or what it links to. */
    private Path target() throws IOException {
        if (!Files.isSymbolicLink(statusFile)) {
            return statusFile;
        }
        Path link = Files.readSymbolicLink(statusFile);
        Path resolved = statusFile.toAbsolutePath().getParent().resolve(link);
        return Files.exists(resolved) ? resolved.toRealPath() : resolved;
    }

    /** Gives {@code temporary} the owner and group of {@code target}, if it exists and they differ. */
    private void keepOwner(Path target, Path temporary) throws IOException {
        PosixFileAttributes old;
        try {
            old = Files.readAttributes(target, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        PosixFileAttributes fresh = view.readAttributes();
        try {
            if (!fresh.owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
            if (!fresh.group().equals(old.group())) {
                view.setGroup(old.group());
            }
        } catch (FileSystemException e) {
            switch (foreignOwner) {
                case TAKE_OVER -> {
                    // the sidecar reads the file: as its own, it can
                }
                case REFUSE -> throw new ForeignFileException("it belongs to user " + old.owner().getName() + ", group "
                        + old.group().getName() + ", and this user may not give a new file to them, so it is left as it"
                        + " is: run this as " + old.owner().getName()
                        + (old.owner().getName().equals("root") ? "" : " or as root"), e);
            }
        }
    }

    /** The file's owner cannot be kept: the message says whose it is. */
    private static final class ForeignFileException extends IOException {
        ForeignFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            return NEW_FILE_PERMISSIONS;
        }
    }

    /** Makes the rename itself durable: a crash right after {@link #write} keeps the new word. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is done and visible anyway
        }
    }
}
