package org.jitsi.signalsidecar.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.lifecycle.LogFields;
import org.jitsi.signalsidecar.report.Assessment;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.Transition;

import static java.util.Objects.requireNonNull;

/**
 * Runs {@code JICOFO_DUMP} and {@code PROSODY_DUMP}. On the poll where the node goes from healthy
 * to unhealthy, it starts the script of each unhealthy component: as a direct process with no
 * arguments (no shell reads the path), on a virtual thread of its own so the poll loop never waits,
 * with its output (stdout and stderr) logged line by line up to {@value #MAX_LINES} lines of at most
 * {@value #MAX_LINE_CHARS} characters. A script still running is not started again, and one that
 * outlives the timeout is killed with its child processes. Thread-safe.
 *
 * <p>It owns the scripts it starts and their threads ({@code dump-<component>} and
 * {@code dump-output-<component>}): {@link #close()} kills the scripts still running and waits for
 * those threads to end; a runner once closed starts nothing.
 */
public final class DumpRunner implements SnapshotListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DumpRunner.class.getName());
    /** Lines of output logged per run; the rest is read and dropped, so the script never blocks on a full pipe. */
    static final int MAX_LINES = 200;
    static final int MAX_LINE_CHARS = 1000;
    /** How long to wait for a killed script to go, and for the last of its output. */
    private static final Duration AFTERMATH = Duration.ofSeconds(5);

    /** A part of the signal node that has a dump script. */
    public enum Component {
        JICOFO,
        PROSODY;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Component, Path> scripts = new EnumMap<>(Component.class);
    private final Duration timeout;
    private final Map<Path, Process> running = new ConcurrentHashMap<>();
    /** The threads watching a script: {@link #close()} waits for them. */
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private boolean closed;

    public DumpRunner(DumpScripts dumps) {
        requireNonNull(dumps, "dumps is null");
        dumps.jicofo().ifPresent(script -> scripts.put(Component.JICOFO, script));
        dumps.prosody().ifPresent(script -> scripts.put(Component.PROSODY, script));
        this.timeout = dumps.timeout();
    }

    @Override
    public void published(Snapshot previous, Snapshot current) {
        for (Component component : due(previous, current)) {
            Path script = scripts.get(component);
            if (script != null) {
                start(component, script);
            }
        }
    }

    /**
     * The components to dump after this publication: none unless its {@link Transition} is an
     * {@linkplain Transition#assessedHealthLost() assessed loss of health} (the poll found a node
     * healthy at the previous poll unhealthy now, whatever flap mitigation reports: the scripts
     * capture the peers' failure as it happens; so never at start-up), then jicofo if jicofo is
     * unhealthy and prosody if prosody is. A node unhealthy only through its status file dumps nothing.
     */
    static Set<Component> due(Snapshot previous, Snapshot current) {
        Set<Component> due = EnumSet.noneOf(Component.class);
        // the assessed verdict does not change with time, so the poll's own time serves as the instant
        if (Transition.publication(previous, current, current.time()).assessedHealthLost()) {
            Assessment now = current.assessment();
            if (!now.jicofoHealthy()) {
                due.add(Component.JICOFO);
            }
            if (!now.prosodyHealthy()) {
                due.add(Component.PROSODY);
            }
        }
        return due;
    }

    private void start(Component component, Path script) {
        Process process;
        synchronized (running) {
            if (closed) {
                return;
            }
            if (running.containsKey(script)) {
                LOG.log(Level.WARNING, "The " + component.word() + " dump script " + script
                        + " is still running from an earlier failure; not starting it again.",
                        fields("dump-skipped", component, script));
                return;
            }
            try {
                process = new ProcessBuilder(List.of(script.toString())).redirectErrorStream(true).start();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "The " + component.word() + " dump script " + script + " cannot be started: "
                        + e.getMessage(), fields("dump-failed", component, script));
                return;
            }
            running.put(script, process);
            LOG.log(Level.INFO, component.word() + " is unhealthy: started its dump script " + script
                    + " (pid " + process.pid() + ").", fields("dump-started", component, script));
            Thread watcher = Thread.ofVirtual().name("dump-" + component.word()).unstarted(() -> {
                try {
                    watch(component, script, process);
                } finally {
                    running.remove(script, process);
                    watchers.remove(Thread.currentThread());
                }
            });
            watchers.add(watcher);
            watcher.start();
        }
    }

    /** Logs the output, waits up to the timeout, kills the script (and its children) if it is still running. */
    private void watch(Component component, Path script, Process process) {
        String prefix = component.word() + " dump: ";
        Thread output = Thread.ofVirtual().name("dump-output-" + component.word())
                .start(() -> logOutput(process.getInputStream(), line -> LOG.log(Level.INFO, prefix + line,
                        fields("dump-output", component, script))));
        try {
            process.getOutputStream().close();
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                output.join(AFTERMATH);
                LOG.log(process.exitValue() == 0 ? Level.INFO : Level.WARNING, "The " + component.word()
                        + " dump script " + script + " finished with exit status " + process.exitValue() + ".",
                        LogFields.of("event", "dump-finished", "component", component.word(), "script", script.toString(),
                                "exitStatus", process.exitValue()));
                return;
            }
            kill(process);
            output.join(AFTERMATH);
            LOG.log(Level.WARNING, "The " + component.word() + " dump script " + script + " ran longer than "
                    + timeout.toMillis() + " ms and was killed.", fields("dump-killed", component, script));
        } catch (IOException | InterruptedException e) {
            kill(process);
            LOG.log(Level.WARNING, "Stopped watching the " + component.word() + " dump script " + script + ": " + e,
                    fields("dump-killed", component, script));
        }
    }

    /** The script and everything it started; the children first, since they leave the tree once it is gone. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(AFTERMATH.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands on each line, cut to {@value #MAX_LINE_CHARS} characters, up to {@value #MAX_LINES} lines; reads the rest away. */
    static void logOutput(InputStream in, Consumer<String> log) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int lines = 0;
            long dropped = 0;
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    if (lines < MAX_LINES) {
                        log.accept(line.toString());
                        lines++;
                    } else {
                        dropped++;
                    }
                    line.setLength(0);
                } else if (line.length() < MAX_LINE_CHARS && c != '\r') {
                    line.append((char) c);
                }
            }
            if (!line.isEmpty()) {
                if (lines < MAX_LINES) {
                    log.accept(line.toString());
                } else {
                    dropped++;
                }
            }
            if (dropped > 0) {
                log.accept("(" + dropped + " more lines not logged)");
            }
        } catch (IOException e) {
            log.accept("(output unreadable: " + e.getMessage() + ")");
        }
    }

    private static LogFields fields(String event, Component component, Path script) {
        return LogFields.of("event", event, "component", component.word(), "script", script.toString());
    }

    /** No script is running. */
    boolean idle() {
        return running.isEmpty();
    }

    /**
     * Kills the scripts still running and waits for their threads: a stopping sidecar leaves no
     * process or thread behind. Starts nothing afterwards.
     */
    @Override
    public void close() {
        synchronized (running) {
            closed = true;
            running.values().forEach(DumpRunner::kill);
            running.clear();
        }
        for (Thread watcher : watchers) {
            try {
                watcher.join(AFTERMATH);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
