package org.jitsi.signalsidecar.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs something that reports on standard error (as {@code Main} does) and keeps what it wrote. */
public final class Stderr {
    private Stderr() {
    }

    /** What ran returned, and what it wrote to standard error meanwhile. */
    public record Captured(int status, String text) {
    }

    public static synchronized Captured capture(IntSupplier run) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int status = run.getAsInt();
            return new Captured(status, stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
