package org.jitsi.signalsidecar.config;

import static java.util.Objects.requireNonNull;

/**
 * A Consul ACL token, sent as {@code X-Consul-Token}. Its {@link #toString()} never shows it, so a
 * config or request that is logged or printed does not leak it; only {@link #value()} does.
 */
public final class ConsulToken {
    private final String value;

    public ConsulToken(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    /** What a header can carry: one or more printable ASCII characters, no spaces. */
    static boolean wellFormed(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** The token itself, for the request header only. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsulToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "(token not shown)";
    }
}
