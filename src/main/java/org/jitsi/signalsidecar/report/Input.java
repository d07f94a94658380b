package org.jitsi.signalsidecar.report;

import java.util.List;
import java.util.Optional;

/**
 * One thing a poll looks at: the one list every consumer loops over. Each says how it is named
 * (its {@link #label}, its {@link #metricLabel} and its {@link #reportField}), and from one poll's
 * observations what it answered and what is wrong with it. The assessment's problems, the report,
 * the events, the state-change log, the metrics, the status page and the CLI all read them here;
 * a new constant fails the build at each exhaustive switch that must place it.
 */
public enum Input {
    JICOFO_HEALTH("jicofo health"),
    JICOFO_STATS("jicofo stats"),
    PROSODY("prosody"),
    STATUS_FILE("status file"),
    /** Only polled with census polling on; never affects health. */
    CENSUS("prosody room-census");

    private final String label;

    Input(String label) {
        this.label = label;
    }

    /** How logs, events and the page name it: {@code jicofo health}, {@code status file}. */
    public String label() {
        return label;
    }

    /**
     * The {@code peer} label of its poll series ({@code signal_poll_duration},
     * {@code signal_poll_status_code}, {@code signal_poll_errors}); empty for the status file, which is
     * read from disk, not requested.
     */
    public Optional<String> metricLabel() {
        return switch (this) {
            case JICOFO_HEALTH -> Optional.of("jicofo_health");
            case JICOFO_STATS -> Optional.of("jicofo_stats");
            case PROSODY -> Optional.of("prosody_health");
            case STATUS_FILE -> Optional.empty();
            case CENSUS -> Optional.of("prosody_census");
        };
    }

    /**
     * Where {@code /signal/report} shows it, as the path of one field: the status code of a request,
     * the status file's contents, the census's participants (a field present only with census polling on).
     */
    public List<String> reportField() {
        return switch (this) {
            case JICOFO_HEALTH -> List.of("services", "jicofoStatusCode");
            case JICOFO_STATS -> List.of("services", "jicofoStatsStatusCode");
            case PROSODY -> List.of("services", "prosodyStatusCode");
            case STATUS_FILE -> List.of("services", "statusFileContents");
            case CENSUS -> List.of("stats", "prosodyParticipants");
        };
    }

    /** It counts towards the node's health: everything but the census. */
    public boolean affectsHealth() {
        return switch (this) {
            case JICOFO_HEALTH, JICOFO_STATS, PROSODY, STATUS_FILE -> true;
            case CENSUS -> false;
        };
    }

    /** The HTTP request behind it; empty for the status file, and for the census when it is not polled. */
    public Optional<PeerResponse> response(Observations o) {
        return switch (this) {
            case JICOFO_HEALTH -> Optional.of(o.jicofoHealth());
            case JICOFO_STATS -> Optional.of(o.jicofoStats());
            case PROSODY -> Optional.of(o.prosodyHealth());
            case STATUS_FILE -> Optional.empty();
            case CENSUS -> o.census().map(CensusReading::response);
        };
    }

    /**
     * What is wrong with it, as one phrase that starts with its {@link #label}
     * ({@code jicofo health answered 500}, {@code status file says unhealthy}); empty when nothing is.
     */
    public Optional<String> problem(Observations o) {
        return switch (this) {
            case JICOFO_HEALTH -> failure(o.jicofoHealth());
            case JICOFO_STATS -> failure(o.jicofoStats())
                    .or(() -> o.jicofoCounts().isEmpty() ? Optional.of(label + " carry no participants") : Optional.empty());
            case PROSODY -> failure(o.prosodyHealth());
            case STATUS_FILE -> !o.statusFile().found()
                    ? Optional.of(label + " " + o.statusFile().problem().orElse("not read yet"))
                    : o.statusFile().word() == StatusWord.UNHEALTHY ? Optional.of(label + " says unhealthy") : Optional.empty();
            case CENSUS -> o.census().flatMap(reading -> reading.summary().isPresent()
                    ? Optional.empty()
                    : Optional.of(label + " " + reading.response().describe()));
        };
    }

    private Optional<String> failure(PeerResponse response) {
        return response.ok() ? Optional.empty() : Optional.of(label + " " + response.describe());
    }
}
