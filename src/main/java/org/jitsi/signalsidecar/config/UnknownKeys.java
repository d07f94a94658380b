package org.jitsi.signalsidecar.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names the keys of the YAML file that no {@link Setting} reads, with the closest known key, so a
 * typo such as {@code poll.intervall} is not silently ignored.
 */
final class UnknownKeys {
    /** A known key this many edits away or fewer is offered as what was meant. */
    private static final int MAX_EDITS = 3;

    private UnknownKeys() {
    }

    /**
     * One warning per unknown key (the outermost one, when a whole unknown section is there).
     * Only the file can hold unknown keys: the environment and the defaults set known ones.
     */
    static List<String> in(Config config, Path file) {
        Set<String> known = new HashSet<>();
        for (Setting setting : Setting.values()) {
            known.add(setting.path());
        }
        Set<String> sections = Setting.sections();
        List<String> unknown = new ArrayList<>();
        config.traverse().forEach(node -> {
            String key = node.key().toString();
            if (!key.isEmpty() && !known.contains(key) && !sections.contains(key)) {
                unknown.add(key);
            }
        });
        // a key inside an unknown section or value is named by that section only
        unknown.removeIf(key -> unknown.stream().anyMatch(outer -> key.startsWith(outer + ".")));
        List<String> warnings = new ArrayList<>();
        for (String key : unknown.stream().sorted().toList()) {
            String hint = closest(key, known).map(k -> " (did you mean " + k + "?)").orElse("");
            warnings.add("unknown key " + ConfigException.shown(key) + hint + " in '" + file + "' is ignored");
        }
        return warnings;
    }

    private static Optional<String> closest(String key, Set<String> known) {
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String candidate : known.stream().sorted().toList()) {
            int edits = edits(key, candidate);
            if (edits < bestEdits) {
                best = candidate;
                bestEdits = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
