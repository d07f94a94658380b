package org.jitsi.signalsidecar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.config.CommandLine.Command;
import org.jitsi.signalsidecar.config.CommandLine.Verb;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.StatusWord;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;

import static java.util.Objects.requireNonNull;

/**
 * The operator commands, run against the sidecar that runs with the same configuration; no
 * server is started. {@code status} prints a summary (or, with {@code --json}, the raw report) and
 * exits {@value #HEALTHY} when the node is healthy, {@value #UNHEALTHY} when not, {@value #UNREACHABLE}
 * when no sidecar answers. {@code drain}, {@code ready} and {@code maint} set the node's status,
 * through the drain-control API when a token is configured, else by writing the status file
 * atomically, and then wait until the sidecar reports the word: {@value #HEALTHY} done,
 * {@value #UNHEALTHY} refused or failed, {@value #UNREACHABLE} no sidecar answered. Every failure is
 * one line on standard error.
 */
public final class OperatorCli {
    static final int HEALTHY = 0;
    static final int UNHEALTHY = 1;
    static final int UNREACHABLE = 2;
    /** How long one request may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RECHECK = Duration.ofMillis(100);

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public OperatorCli(PrintStream out, PrintStream err, Clock clock) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs the command against the sidecar at the configured HTTP address and returns the exit status. */
    public int run(Command command, SidecarConfig config) {
        requireNonNull(config, "config is null");
        return run(command, config, config.http());
    }

    /**
     * Runs the command against the sidecar serving HTTP at {@code http} (the running sidecar's own
     * address when it published one, see {@code RuntimeFile}) and returns the exit status.
     */
    public int run(Command command, SidecarConfig config, ListenAddress http) {
        requireNonNull(command, "command is null");
        requireNonNull(config, "config is null");
        requireNonNull(http, "http is null");
        if (http.port() == 0) {
            return fail(UNREACHABLE, "the configured HTTP port is 0 (any free port): set HTTP_PORT to the port"
                    + " the running sidecar uses");
        }
        try (SidecarClient client = new SidecarClient(http, REQUEST_TIMEOUT)) {
            return switch (command.verb()) {
                case STATUS -> status(client, command.json());
                case READY -> set(client, config, StatusWord.READY, command.awaitReported());
                case DRAIN -> set(client, config, StatusWord.DRAIN, command.awaitReported());
                case MAINT -> set(client, config, StatusWord.MAINT, command.awaitReported());
            };
        } catch (SidecarClient.Unreachable e) {
            return fail(UNREACHABLE, e.getMessage());
        }
    }

    private int status(SidecarClient client, boolean json) throws SidecarClient.Unreachable {
        SidecarClient.Answer answer = client.get("/signal/report");
        Optional<Object> report = parse(answer);
        if (report.isEmpty()) {
            return fail(UNREACHABLE, client.uri("/signal/report") + " answered " + answer.status()
                    + " without a report: is that a signal-sidecar?");
        }
        boolean healthy = Boolean.TRUE.equals(Json.at(report.get(), "healthy").orElse(false));
        if (json) {
            out.println(answer.body());
            return healthy ? HEALTHY : UNHEALTHY;
        }
        Object r = report.get();
        boolean damped = Boolean.TRUE.equals(Json.at(r, "healthdamped").orElse(false));
        say((healthy ? "HEALTHY" : "UNHEALTHY") + ", status " + Json.text(r, "status") + ", weight "
                + Json.text(r, "weight") + (damped ? " (flap mitigation in force)" : "") + "; last poll "
                + Json.text(r, "time"));
        say("agent: " + Json.text(r, "agentmessage"));
        List<String> problems = problems(client);
        say("inputs:");
        for (Input input : Input.values()) {
            inputLine(input, r, problems).ifPresent(this::say);
        }
        say("last events:");
        Optional<Object> events = parse(client.get("/signal/events?limit=5"));
        List<?> list = events.flatMap(e -> Json.at(e, "events")).filter(List.class::isInstance).map(List.class::cast)
                .orElse(List.of());
        if (list.isEmpty()) {
            say("  none");
        }
        for (Object event : list) {
            say(String.format(Locale.ROOT, "  %s  %-16s %s", Json.text(event, "time"), Json.text(event, "agentmessage"),
                    Json.text(event, "reason")));
        }
        return healthy ? HEALTHY : UNHEALTHY;
    }

    /**
     * The line of one input under {@code inputs:}: its label, the status code the report gives it
     * ({@code none} without an answer), and its problem from the readiness check, else {@code ok} for a 200 (never for another code)
     * (the status file: what it says). The census has a line only when the report carries it
     * (census polling on): {@code ok}, or {@code failed} when its latest poll gave no census.
     */
    static Optional<String> inputLine(Input input, Object report, List<String> problems) {
        List<String> field = input.reportField();
        String value = Json.text(report, field.toArray(String[]::new));
        String problem = problems.stream().filter(p -> p.startsWith(input.label() + " ")).findFirst().orElse("");
        return switch (input) {
            case JICOFO_HEALTH, JICOFO_STATS, PROSODY ->
                    Optional.of(line(input, "0".equals(value) ? "none" : value, !problem.isEmpty() ? problem
                            : "200".equals(value) ? "ok" : "not ok (see /health/ready)"));
            case STATUS_FILE -> Optional.of(line(input, "", problem.isEmpty() ? "says " + value : problem));
            case CENSUS -> carries(report, field)
                    ? Optional.of(line(input, "", "?".equals(value) ? "failed" : "ok"))
                    : Optional.empty();
        };
    }

    private static String line(Input input, String code, String detail) {
        return String.format(Locale.ROOT, "  %-14s %4s  %s", input.label(), code, detail);
    }

    /** The report has the field, though maybe {@code null}. */
    private static boolean carries(Object report, List<String> field) {
        Object parent = field.size() == 1 ? report
                : Json.at(report, field.subList(0, field.size() - 1).toArray(String[]::new)).orElse(null);
        return parent instanceof Map<?, ?> map && map.containsKey(field.getLast());
    }

    /** The node's problems as the sidecar's readiness check lists them (only when it is unhealthy). */
    private List<String> problems(SidecarClient client) throws SidecarClient.Unreachable {
        Optional<Object> health = parse(client.get("/health/ready"));
        Optional<Object> checks = health.flatMap(h -> Json.at(h, "checks"));
        if (checks.isEmpty() || !(checks.get() instanceof List<?> list)) {
            return List.of();
        }
        for (Object check : list) {
            if ("signalNode".equals(Json.at(check, "name").orElse(null))) {
                return Json.at(check, "data", "problems").map(p -> List.of(String.valueOf(p).split("; "))).orElse(List.of());
            }
        }
        return List.of();
    }

    private int set(SidecarClient client, SidecarConfig config, StatusWord word, boolean wait)
            throws SidecarClient.Unreachable {
        String text = word.word();
        if (config.control().token().isPresent()) {
            SidecarClient.Answer answer = client.put("/signal/status", text, config.control().token());
            return switch (answer.status()) {
                case 200 -> {
                    say("The sidecar now reports " + text + ".");
                    yield HEALTHY;
                }
                case 401, 403 -> fail(UNHEALTHY, "the sidecar refused the token from the configuration ("
                        + answer.status() + ")");
                case 404 -> fail(UNHEALTHY, "the running sidecar has no drain-control API, though a token is configured:"
                        + " restart it with this configuration");
                default -> fail(UNHEALTHY, "the sidecar answered " + answer.status() + ": " + Text.oneLine(answer.body()));
            };
        }
        StatusFileWriter writer = new StatusFileWriter(config.peers().statusFile(), StatusFileWriter.ForeignOwner.REFUSE);
        try {
            writer.write(word);
        } catch (IOException e) {
            return fail(UNHEALTHY, e.getMessage());
        }
        if (!wait) {
            say("Wrote " + text + " to " + writer.path() + ".");
            return HEALTHY;
        }
        Duration patience = config.timings().cliPatience();
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            SidecarClient.Answer answer;
            try {
                answer = client.get("/signal/report");
            } catch (SidecarClient.Unreachable e) {
                return fail(UNREACHABLE, "wrote " + text + " to " + writer.path() + ", but " + e.getMessage());
            }
            Optional<Object> report = parse(answer);
            String seen = report.map(r -> Json.text(r, "statuses", "statusFileContents")).orElse("");
            if (seen.equalsIgnoreCase(text)) {
                say("Wrote " + text + " to " + writer.path() + "; the sidecar now reports status "
                        + Json.text(report.get(), "status") + ", agent " + Json.text(report.get(), "agentmessage") + ".");
                return HEALTHY;
            }
            if (clock.instant().isAfter(deadline)) {
                Optional<String> cannot = problems(client).stream().filter(p -> p.startsWith("status file ")).findFirst();
                return fail(UNHEALTHY, "wrote " + text + " to " + writer.path() + ", but the sidecar still reads '"
                        + seen + "' after " + patience.toSeconds() + " s: "
                        + cannot.map(p -> "it says the " + p).orElse("does it read this file?"));
            }
            try {
                Thread.sleep(RECHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(UNHEALTHY, "interrupted while waiting for the sidecar");
            }
        }
    }

    private static Optional<Object> parse(SidecarClient.Answer answer) {
        try {
            Object json = Json.parse(answer.body());
            return json instanceof Map<?, ?> ? Optional.of(json) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private int fail(int status, String message) {
        err.println("signal-sidecar: " + Text.printable(message));
        return status;
    }

    /** One line of output; what the sidecar and its peers wrote in it cannot move the terminal. */
    private void say(String line) {
        out.println(Text.printable(line));
    }
}
