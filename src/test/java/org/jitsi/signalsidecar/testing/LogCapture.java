package org.jitsi.signalsidecar.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one java.util.logging logger publishes from {@link #of} until {@link #close()}, one line a
 * record; records may come from any thread.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(Logger logger, Function<LogRecord, String> line) {
        this.logger = logger;
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(line.apply(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
    }

    /** Each record's message as logged, before formatting. */
    public static LogCapture messages(Class<?> source) {
        return of(source.getName(), LogRecord::getMessage);
    }

    public static LogCapture of(String loggerName, Function<LogRecord, String> line) {
        return new LogCapture(Logger.getLogger(loggerName), line);
    }

    /** The lines so far, oldest first; still there after {@link #close()}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
