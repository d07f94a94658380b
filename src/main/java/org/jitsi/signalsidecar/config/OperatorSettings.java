package org.jitsi.signalsidecar.config;

/**
 * What the sidecar keeps and shows for people: the transition history and the status page.
 *
 * @param eventsMax   how many events {@code /signal/events} keeps, the oldest dropped first
 * @param pageEnabled serve the live status page at {@code /}
 */
public record OperatorSettings(int eventsMax, boolean pageEnabled) {
    /** The most events one may ask to keep: about 300 bytes each, so at most a few MB. */
    public static final int MAX_EVENTS = 10_000;

    public static final OperatorSettings DEFAULTS = from(ConfigSource.defaults());

    static OperatorSettings from(ConfigSource source) {
        return new OperatorSettings(
                source.wholeNumber(Setting.EVENTS_MAX, MAX_EVENTS, "expected a whole number from 1 to " + MAX_EVENTS),
                source.bool(Setting.STATUS_PAGE));
    }
}
