package org.jitsi.signalsidecar.report;

import java.util.Optional;

/**
 * One thing a poll looks at. Each says, from one poll's observations, what it answered and what is
 * wrong with it; the assessment's problems, the events and the status page all read them here.
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
