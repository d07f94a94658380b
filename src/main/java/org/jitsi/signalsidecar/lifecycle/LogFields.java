package org.jitsi.signalsidecar.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Named values of a state-change log event, passed as the event's parameter:
 * {@code LOG.log(Level.INFO, "Status changed from ready to drain.", LogFields.of("event", "status", ...))}.
 * The JSON log format writes them as fields of the line, for log shippers; the text format leaves
 * them out, since the message says the same in words.
 */
public record LogFields(Map<String, Object> values) {
    public LogFields {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }

    /** {@code of("event", "health", "healthy", false)}: names and values alternate; values are strings, numbers or booleans. */
    public static LogFields of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate: " + namesAndValues.length + " items");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], requireNonNull(namesAndValues[i + 1], "value is null"));
        }
        return new LogFields(values);
    }

    /** The fields among a log record's parameters, if any. */
    public static Optional<LogFields> in(Object[] parameters) {
        if (parameters != null) {
            for (Object parameter : parameters) {
                if (parameter instanceof LogFields fields) {
                    return Optional.of(fields);
                }
            }
        }
        return Optional.empty();
    }
}
