package org.jitsi.signalsidecar.config;

import java.util.List;
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

    /** What a token must be, as error messages say it. */
    private static final String TOKEN_EXPECTED = "expected " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH
            + " visible ASCII characters without spaces (e.g. openssl rand -hex 32)";

    public ControlSettings {
        requireNonNull(token, "token is null");
    }

    /** The API off: what the sidecar does unless a token is configured. */
    public static ControlSettings off() {
        return new ControlSettings(Optional.empty());
    }

    /**
     * The token from {@code STATUS_TOKEN} or the file {@code STATUS_TOKEN_FILE} names (read now,
     * trimmed). Errors never show the token: it is a secret, and the log is not.
     *
     * @param warnings takes the warning about a token file others can read
     */
    static ControlSettings from(ConfigSource source, List<String> warnings) {
        String inline = source.text(Setting.CONTROL_TOKEN);
        String file = source.text(Setting.CONTROL_TOKEN_FILE);
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw source.invalid(Setting.CONTROL_TOKEN_FILE, "expected only one of " + source.name(Setting.CONTROL_TOKEN)
                    + " and " + source.name(Setting.CONTROL_TOKEN_FILE));
        }
        if (!file.isEmpty()) {
            SecretFile secret = fromFile(source, file);
            secret.warning(source.name(Setting.CONTROL_TOKEN_FILE)).ifPresent(warnings::add);
            return new ControlSettings(Optional.of(secret.text()));
        }
        if (inline.isEmpty()) {
            return off();
        }
        if (!validToken(inline)) {
            throw new ConfigException("invalid " + source.name(Setting.CONTROL_TOKEN) + " (value not shown): " + TOKEN_EXPECTED);
        }
        TokenStrength.weakness(inline).ifPresent(why -> { throw new ConfigException("invalid " + source.name(Setting.CONTROL_TOKEN) + " (value not shown): " + why); });
        return new ControlSettings(Optional.of(inline));
    }

    private static SecretFile fromFile(ConfigSource source, String file) {
        SecretFile secret;
        try {
            secret = SecretFile.read(file);
        } catch (SecretFile.Unusable e) {
            throw source.invalid(Setting.CONTROL_TOKEN_FILE, switch (e.problem()) {
                case NOT_A_PATH -> "expected the path of a file holding the token";
                case NO_SUCH_FILE -> "no such file";
                case PERMISSION_DENIED -> "not readable by this user (permission denied)";
                case UNREADABLE -> "cannot be read: " + e.getMessage();
                case EMPTY -> "the file is empty; expected it to hold the token";
                case TOO_LARGE -> "the token in it (not shown) is unusable: " + TOKEN_EXPECTED;
            });
        }
        if (!validToken(secret.text())) {
            throw source.invalid(Setting.CONTROL_TOKEN_FILE, "the token in it (not shown) is unusable: " + TOKEN_EXPECTED);
        }
        TokenStrength.weakness(secret.text()).ifPresent(why -> { throw source.invalid(Setting.CONTROL_TOKEN_FILE, "the token in it (not shown) is " + why); });
        return secret;
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
