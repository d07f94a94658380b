package org.jitsi.signalsidecar.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Samples parsed from Prometheus text (0.0.4) or OpenMetrics, so tests assert values, not strings.
 * Handles what Helidon writes: {@code name{a="b",c="d",} 1.0}; no escaped quotes in label values.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = brace >= 0 ? line.indexOf(' ', line.lastIndexOf('}')) : line.indexOf(' ');
            String name = line.substring(0, brace >= 0 ? brace : space);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                for (String pair : line.substring(brace + 1, line.lastIndexOf('}')).split(",")) {
                    if (!pair.isBlank()) {
                        int eq = pair.indexOf('=');
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                    }
                }
            }
            String value = line.substring(space + 1).trim().split(" ")[0];
            samples.add(new Sample(name, labels, Double.parseDouble(value)));
        }
        return new PrometheusText(samples);
    }

    /** Samples with this name whose labels include {@code labels} (name, value, name, value...). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labels)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The value of the one sample with this name and labels; fails when there is none or more than one. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + found);
        }
        return found.getFirst().value();
    }

    /** Like {@link #value} but empty when there is no such sample. */
    public OptionalDouble valueIfAny(String name, String... labels) {
        List<Sample> found = find(name, labels);
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(value(name, labels));
    }

    public List<Sample> samples() {
        return samples;
    }

    private static boolean hasLabels(Sample sample, String[] labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
