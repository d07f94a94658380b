package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the report writes them: ISO-8601 in UTC with milliseconds, like JavaScript's {@code Date.toJSON()}. */
public final class ReportTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReportTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
