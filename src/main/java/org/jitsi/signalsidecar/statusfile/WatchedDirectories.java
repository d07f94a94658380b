package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which directories the status file watch should have registered now: the status file's own, and,
 * when it is a symbolic link, the directory its target is in (resolved as far as it goes: the
 * target's directory may exist before the target does). Only directories that exist are wanted; one
 * that is deleted and made again, or a link's target directory that appears later, is wanted again
 * as soon as it exists, so the watch can register it afresh. Reads the file system; decides nothing
 * else.
 */
final class WatchedDirectories {
    private final Path file;

    WatchedDirectories(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The existing directories to watch, the status file's own first. */
    Set<Path> wanted() {
        Set<Path> dirs = new LinkedHashSet<>();
        Path own = file.getParent();
        if (Files.isDirectory(own)) {
            dirs.add(own);
        }
        if (Files.isSymbolicLink(file)) {
            try {
                Path target = own.resolve(Files.readSymbolicLink(file)).normalize();
                Path targetDir = target.getParent();
                if (targetDir != null && Files.isDirectory(targetDir)) {
                    dirs.add(targetDir.toRealPath());
                }
            } catch (IOException e) {
                // the link went away between the two looks: the next look sees what it is now
            }
        }
        return dirs;
    }
}
