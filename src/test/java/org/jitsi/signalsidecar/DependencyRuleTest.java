package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-way package rule of {@code docs/development.md}, checked over the sources of
 * {@code src/main/java}: each package may use only the packages listed for it, and only the root
 * package (the server's assembly, {@code Sidecar}) reaches into {@code http.wire}. A new package
 * must be added here, and to the package map, before it builds.
 */
class DependencyRuleTest {
    private static final String BASE = "org.jitsi.signalsidecar";
    private static final Path SOURCES = Path.of("src/main/java", BASE.split("\\."));
    private static final Set<String> FEATURE_INPUTS = Set.of("report", "lifecycle", "config", "statusfile");

    /** Package (relative to the base; "" is the root) to the packages of ours it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("report", Set.of()),
            Map.entry("lifecycle", Set.of()),
            Map.entry("config", Set.of("report", "lifecycle")),
            Map.entry("statusfile", Set.of("report", "lifecycle", "config")),
            Map.entry("poll", FEATURE_INPUTS),
            Map.entry("agent", FEATURE_INPUTS),
            Map.entry("consul", FEATURE_INPUTS),
            Map.entry("control", FEATURE_INPUTS),
            Map.entry("observe", Set.of("report", "lifecycle", "config", "statusfile",
                    "poll", "agent", "consul", "control")),
            Map.entry("http", Set.of("report", "lifecycle", "config", "statusfile",
                    "poll", "agent", "consul", "control", "observe", "fleet")),
            Map.entry("http.wire", Set.of("report", "lifecycle", "config")),
            Map.entry("cli", Set.of("report", "lifecycle", "config", "statusfile")),
            Map.entry("fleet", Set.of("report", "lifecycle", "config", "consul")),
            Map.entry("", Set.of("report", "lifecycle", "config", "statusfile", "poll", "agent", "consul",
                    "control", "observe", "http", "http.wire", "cli", "fleet")));

    /** Packages that stay plain Java: testable without a server, reusable by anything. */
    private static final Set<String> WITHOUT_HELIDON = Set.of("report", "lifecycle");

    private static final Pattern OURS = Pattern.compile("\\b" + Pattern.quote(BASE) + "((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern HELIDON = Pattern.compile("\\bio\\.helidon\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyPackageUsesOnlyThePackagesTheRuleAllows() {
        assertThat(violations(sources())).isEmpty();
    }

    @Test
    void theRuleCatchesAFeatureReachingIntoAnotherFeature() {
        Source control = new Source("control", "control/StatusControl.java",
                "package x;\nimport " + BASE + ".poll.PollLoop;\n");
        Source routes = new Source("http", "http/SidecarRouting.java",
                "package x;\nclass A { " + BASE + ".http.wire.WholeResponses filter; }\n");
        Source report = new Source("report", "report/Weight.java",
                "package x;\nimport io.helidon.http.Status;\n// " + BASE + ".poll.Poller is only named here\n");
        assertThat(violations(List.of(control, routes, report))).containsExactly(
                "control/StatusControl.java uses poll",
                "http/SidecarRouting.java uses http.wire",
                "report/Weight.java uses Helidon");
    }

    @Test
    void everyPackageIsInTheRule() {
        Set<String> packages = new TreeSet<>();
        sources().forEach(s -> packages.add(s.pkg()));
        assertThat(ALLOWED.keySet()).containsAll(packages);
    }

    record Source(String pkg, String path, String text) {
    }

    private static List<String> violations(List<Source> sources) {
        List<String> violations = new ArrayList<>();
        for (Source source : sources) {
            String code = COMMENT.matcher(source.text()).replaceAll(" ");
            Set<String> allowed = ALLOWED.getOrDefault(source.pkg(), Set.of());
            Set<String> used = new TreeSet<>();
            Matcher m = OURS.matcher(code);
            while (m.find()) {
                String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                if (!pkg.equals(source.pkg()) && !allowed.contains(pkg)) {
                    used.add(pkg.isEmpty() ? "the root package" : pkg);
                }
            }
            if (WITHOUT_HELIDON.contains(source.pkg()) && HELIDON.matcher(code).find()) {
                used.add("Helidon");
            }
            used.forEach(pkg -> violations.add(source.path() + " uses " + pkg));
        }
        return violations;
    }

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Source> sources = files.filter(f -> f.toString().endsWith(".java")).sorted()
                    .map(DependencyRuleTest::read).toList();
            assertThat(sources).as("sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(50);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Source read(Path file) {
        Path relative = SOURCES.relativize(file);
        String pkg = relative.getParent() == null ? "" : relative.getParent().toString().replace('/', '.');
        try {
            return new Source(pkg, relative.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
