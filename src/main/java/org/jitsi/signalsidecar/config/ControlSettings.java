package org.jitsi.signalsidecar.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The drain-control API ({@code GET}/{@code PUT /signal/status}): on only when a bearer token is
 * configured ({@code STATUS_TOKEN} or the file {@code STATUS_TOKEN_FILE} names). {@link #toString()}
 * never shows the token, so logging this record cannot leak it.
 *
 * @param token the secret requests must present as {@code Authorization: Bearer <token>}; empty: API off
 */
public record ControlSettings(Optional<String> token) {
    /** Fewer characters would make the token guessable despite the rate limit. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** Longer than any sensible token; a bigger value is most likely the wrong file. */
    public static final int MAX_TOKEN_LENGTH = 1024;

    public ControlSettings {
        requireNonNull(token, "token is null");
        token.ifPresent(t -> {
            if (!validToken(t)) {
                throw new IllegalArgumentException("the token must be " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH
                        + " visible ASCII characters without spaces");
            }
        });
    }

    /** The API off: what the sidecar does unless a token is configured. */
    public static ControlSettings off() {
        return new ControlSettings(Optional.empty());
    }

    public boolean enabled() {
        return token.isPresent();
    }

    /** What an HTTP header can carry whole and an operator can paste: printable ASCII, no spaces. */
    static boolean validToken(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    @Override
    public String toString() {
        return "ControlSettings[token=" + (token.isPresent() ? "(set, not shown)" : "(none: API off)") + "]";
    }
}
