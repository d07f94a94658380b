package org.jitsi.signalsidecar.report;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The status file as read at one poll.
 *
 * @param found    the file could be read
 * @param contents its first line, trimmed and shortened; empty when not found
 * @param problem  why it could not be read, if it could not
 */
public record StatusFileReading(boolean found, String contents, Optional<String> problem) {
    public StatusFileReading {
        requireNonNull(contents, "contents is null");
        requireNonNull(problem, "problem is null");
    }

    public static StatusFileReading read(String contents) {
        return new StatusFileReading(true, contents, Optional.empty());
    }

    public static StatusFileReading unreadable(String problem) {
        return new StatusFileReading(false, "", Optional.of(problem));
    }

    /** The word the operator wrote, or {@link StatusWord#NONE}/{@link StatusWord#OTHER}. */
    public StatusWord word() {
        return found ? StatusWord.parse(contents) : StatusWord.NONE;
    }
}
