package org.jitsi.signalsidecar.config;

import java.util.Optional;

/**
 * Whether a drain-control token is too easy to guess, checked at start: a correct token always
 * succeeds, so the token's strength, not the failure limit, is what stops guessing. Refused: fewer
 * than {@value #MIN_DISTINCT} different characters ({@code aaaaaaaaaaaaaaaa}, {@code 1212...},
 * {@code drain-drain-drain}). {@code openssl rand -hex 32} passes.
 */
final class TokenStrength {
    static final int MIN_DISTINCT = 8;
    private static final String EXPECTED = "; expected at least " + MIN_DISTINCT
            + " different characters (e.g. openssl rand -hex 32)";

    private TokenStrength() {
    }

    /** Why {@code token} is too easy to guess, without showing it; empty when it is not. */
    static Optional<String> weakness(String token) {
        long distinct = token.chars().distinct().count();
        if (distinct < MIN_DISTINCT) {
            return Optional.of("too easy to guess: only " + distinct + " different character" + (distinct == 1 ? "" : "s")
                    + EXPECTED);
        }
        return Optional.empty();
    }
}
