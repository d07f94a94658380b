package org.jitsi.signalsidecar.observe;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.lifecycle.LogFields;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.ReportTime;

/**
 * Routes {@code System.Logger} (backed by java.util.logging) to standard error, one event per line,
 * as text or JSON, at the configured level. Journald and log shippers read it from there.
 */
public final class Logging {
    private static final JsonFactory JSON = new JsonFactory();

    private Logging() {
    }

    public static void configure(LogSettings settings) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = switch (settings.level()) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
        Handler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(switch (settings.format()) {
            case TEXT -> new TextFormatter();
            case JSON -> new JsonFormatter();
        });
        root.setLevel(level);
        root.addHandler(handler);
        // Helidon's own INFO chatter (feature lists, versions) is not what operators of a sidecar read
        Logger.getLogger("io.helidon").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
    }

    static String levelWord(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }

    private static String shortName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }

    /** {@code 2026-11-25T07:00:00.123Z info PollLoop: message} plus the exception, if any, on one line. */
    static final class TextFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String error = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
            // a peer's text (a parser's message copies it) must not move the reader's terminal
            String message = Text.printable((formatMessage(r) + error).replace('\n', ' '));
            return ReportTime.format(r.getInstant()) + " " + levelWord(r.getLevel()) + " "
                    + shortName(r.getLoggerName()) + ": " + message + System.lineSeparator();
        }
    }

    /**
     * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}, then the
     * event's {@link LogFields} (a state change's {@code event}, {@code healthy}, {@code status}...),
     * then {@code error}. A field named like one of the fixed keys is left out rather than repeated.
     */
    static final class JsonFormatter extends Formatter {
        private static final Set<String> FIXED = Set.of("time", "level", "logger", "message", "error");

        @Override
        public String format(LogRecord r) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("time", ReportTime.format(r.getInstant()));
                g.writeStringField("level", levelWord(r.getLevel()));
                g.writeStringField("logger", r.getLoggerName());
                g.writeStringField("message", formatMessage(r));
                LogFields.in(r.getParameters()).ifPresent(fields -> writeFields(g, fields));
                if (r.getThrown() != null) {
                    g.writeStringField("error", String.valueOf(r.getThrown()));
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out + System.lineSeparator();
        }

        private static void writeFields(JsonGenerator g, LogFields fields) {
            try {
                for (Map.Entry<String, Object> field : fields.values().entrySet()) {
                    if (FIXED.contains(field.getKey())) {
                        continue;
                    }
                    switch (field.getValue()) {
                        case Boolean b -> g.writeBooleanField(field.getKey(), b);
                        case Integer i -> g.writeNumberField(field.getKey(), i);
                        case Long l -> g.writeNumberField(field.getKey(), l);
                        case Double d -> g.writeNumberField(field.getKey(), d);
                        default -> g.writeStringField(field.getKey(), String.valueOf(field.getValue()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
