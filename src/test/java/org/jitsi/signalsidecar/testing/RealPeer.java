package org.jitsi.signalsidecar.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs (prosody, haproxy...) that end-to-end tests run as their own processes.
 * Missing ones skip the test, except when {@code SIGNAL_SIDECAR_REQUIRE_PEERS=true} (set by
 * {@code .ci/run}), where a missing program fails it: CI must never pass by skipping.
 */
public final class RealPeer {
    private static final String REQUIRE = "SIGNAL_SIDECAR_REQUIRE_PEERS";

    private RealPeer() {
    }

    /**
     * The executable {@code name} on the PATH or in /usr/sbin or /usr/bin; skips or fails the test
     * when there is none. A skip also prints a {@code SKIPPED} line naming the test class on stderr.
     */
    public static Path executable(String name) {
        return executable(name, name);
    }

    /** Like {@link #executable(String)}, for a program that Debian ships in package {@code debianPackage}. */
    public static Path executable(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv(REQUIRE))) {
            throw new AssertionError(name + " is required (" + REQUIRE + "=true) but is not installed;"
                    + " install it (apt-get install " + debianPackage + ") or unset " + REQUIRE);
        }
        String skipped = name + " not installed; skipping this end-to-end test (apt-get install " + debianPackage
                + ", or set " + REQUIRE + "=true to make its absence fail)";
        // Maven's summary shows a class aborted in @BeforeAll as "Tests run: 0", without the reason
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != RealPeer.class).findFirst().orElse(RealPeer.class));
        System.err.println("SKIPPED " + caller.getSimpleName() + ": " + skipped);
        return Assumptions.abort(skipped);
    }
}
