package org.jitsi.signalsidecar.observe;

import java.time.Instant;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.lifecycle.LogFields;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two log formats: one event per line, and with {@code LOG_FORMAT=json} one JSON object per line. */
class LoggingTest {
    private static final Instant WHEN = Instant.parse("2026-11-25T07:00:00.123Z");

    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final Handler[] rootHandlers = root.getHandlers();

    /** {@link Logging#configure} resets JUL; put back what the other tests in this JVM log with. */
    @AfterEach
    void restoreLogging() {
        LogManager.getLogManager().reset();
        root.setLevel(rootLevel);
        for (Handler handler : rootHandlers) {
            root.addHandler(handler);
        }
    }

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(WHEN);
        r.setLoggerName("org.jitsi.signalsidecar.report.StateChangeLog");
        r.setParameters(parameters.length == 0 ? null : parameters);
        return r;
    }

    private static String oneLine(String formatted) {
        assertThat(formatted).endsWith(System.lineSeparator());
        String line = formatted.substring(0, formatted.length() - System.lineSeparator().length());
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        return line;
    }

    @Test
    void jsonLinesParseAsJsonWithTheStateChangeFields() {
        LogRecord r = record(Level.WARNING, "The signal node is unhealthy: jicofo health answered 500.",
                LogFields.of("event", "health", "healthy", false, "status", "ready", "statusCode", 500,
                        "attempted", 719L, "ratio", 0.5));
        JsonNode json = Json.parse(oneLine(new Logging.JsonFormatter().format(r)));
        assertThat(Json.keys(json)).containsExactly("time", "level", "logger", "message", "event", "healthy", "status",
                "statusCode", "attempted", "ratio");
        assertThat(json).isEqualTo(Json.parse("""
                {"time":"2026-11-25T07:00:00.123Z","level":"warn",
                 "logger":"org.jitsi.signalsidecar.report.StateChangeLog",
                 "message":"The signal node is unhealthy: jicofo health answered 500.",
                 "event":"health","healthy":false,"status":"ready","statusCode":500,"attempted":719,"ratio":0.5}"""));
    }

    @Test
    void awkwardMessagesAndErrorsStayOneJsonLine() {
        LogRecord r = record(Level.SEVERE, "quotes \" and \\ backslashes,\nnew lines\r\nand a {brace}",
                LogFields.of("message", "a field may not replace the message", "script", "/opt/dump \"x\""));
        r.setThrown(new IllegalStateException("broken\nacross lines"));
        JsonNode json = Json.parse(oneLine(new Logging.JsonFormatter().format(r)));
        assertThat(json.get("level").asText()).isEqualTo("error");
        assertThat(json.get("message").asText()).isEqualTo("quotes \" and \\ backslashes,\nnew lines\r\nand a {brace}");
        assertThat(json.get("script").asText()).isEqualTo("/opt/dump \"x\"");
        assertThat(json.get("error").asText()).isEqualTo("java.lang.IllegalStateException: broken\nacross lines");
        assertThat(Json.keys(json)).containsExactly("time", "level", "logger", "message", "script", "error");
    }

    @Test
    void textLinesLeaveTheFieldsToTheMessage() {
        String line = oneLine(new Logging.TextFormatter().format(record(Level.INFO, "Status changed\nfrom ready to drain.",
                LogFields.of("event", "status"))));
        assertThat(line).isEqualTo("2026-11-25T07:00:00.123Z info StateChangeLog: Status changed from ready to drain.");
    }

    @Test
    void textLinesShowAPeersControlCharactersAsEscapes() {
        String line = new Logging.TextFormatter().format(record(Level.WARNING,
                "jicofo stats: Unrecognized token 'x\u001b[2J\u0007\b\u202E'", LogFields.of("event", "poll")));
        assertThat(line).contains("Unrecognized token 'x\\x1b[2J\\x07\\x08\\u202e'").doesNotContain("\u001b", "\u202E");
    }

    @Test
    void fieldsTravelThroughSystemLoggerToTheJsonFormat() {
        Logging.configure(new LogSettings(LogSettings.Level.DEBUG, LogSettings.Format.JSON));
        LogCapture logged = LogCapture.of("org.jitsi.signalsidecar.test",
                record -> new Logging.JsonFormatter().format(record));
        try (logged) {
            System.getLogger("org.jitsi.signalsidecar.test").log(System.Logger.Level.INFO, "HAProxy agent now answers 'up ready 100%'",
                    LogFields.of("event", "agent", "agentMessage", "up ready 100%"));
        }
        assertThat(logged.lines()).hasSize(1);
        JsonNode json = Json.parse(oneLine(logged.lines().getFirst()));
        assertThat(json.get("message").asText()).isEqualTo("HAProxy agent now answers 'up ready 100%'");
        assertThat(json.get("agentMessage").asText()).isEqualTo("up ready 100%");
    }

    @Test
    void logLevelSetsWhatIsWritten() {
        Logging.configure(new LogSettings(LogSettings.Level.WARN, LogSettings.Format.TEXT));
        assertThat(root.getLevel()).isEqualTo(Level.WARNING);
        assertThat(root.isLoggable(Level.INFO)).isFalse();
        assertThat(root.getHandlers()).singleElement().satisfies(handler -> {
            assertThat(handler.getLevel()).isEqualTo(Level.WARNING);
            assertThat(handler.getFormatter()).isInstanceOf(Logging.TextFormatter.class);
        });
        Logging.configure(new LogSettings(LogSettings.Level.DEBUG, LogSettings.Format.JSON));
        assertThat(root.getLevel()).isEqualTo(Level.FINE);
        assertThat(root.getHandlers()).singleElement().satisfies(handler ->
                assertThat(handler.getFormatter()).isInstanceOf(Logging.JsonFormatter.class));
    }
}
