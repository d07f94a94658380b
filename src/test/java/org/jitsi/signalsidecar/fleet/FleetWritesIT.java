package org.jitsi.signalsidecar.fleet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.config.CommandLine;
import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code signal-sidecar fleet drain|ready|maint SHARD…}: check-and-set writes against the strict
 * Consul double (a lost race is reported, never overwritten), and the wait for a real sidecar's report.
 */
class FleetWritesIT {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ConsulKvDouble consul;

    @BeforeEach
    void setUp() {
        consul = new ConsulKvDouble();
        consul.jumpIndexTo(Long.MAX_VALUE + 12345);
    }

    @AfterEach
    void tearDown() {
        consul.close();
    }

    private ConsulSettings settings(boolean sidecar) {
        return new ConsulSettings(URI.create(consul.origin()), Optional.empty(), sidecar, FleetShards.STATES + "shard-01",
                sidecar, FleetShards.REPORTS + "shard-01", Duration.ofSeconds(1), false, Duration.ofSeconds(2));
    }

    private int run(SidecarConfig config, String... args) {
        return new FleetCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), Sleeper.system(), false).run(CommandLine.parse(args, Map.of()).fleet().orElseThrow(), config);
    }

    private int run(String... args) {
        return run(TestConfig.loopback().consul(settings(false)).build(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void shard(String name, String desired) {
        consul.put(FleetShards.REPORTS + name, FleetShards.report(Instant.now(), true, desired, 100, 1, 1, 0));
        consul.put(FleetShards.STATES + name, desired);
    }

    @Test
    void writesEachShardWithTheIndexItRead() {
        shard("shard-01", "ready");
        shard("shard-02", "ready");
        long read = consul.put(FleetShards.STATES + "shard-02", "maint");
        consul.put(FleetShards.REPORTS + "shard-03", FleetShards.report(Instant.now(), true, "ready", 100, 1, 1, 0));

        assertThat(run("fleet", "drain", "shard-02", "shard-03", "--no-wait")).isEqualTo(0);

        assertThat(out().lines()).containsExactly("shard-02: wrote drain to shard-states/prod/shard-02.",
                "shard-03: wrote drain to shard-states/prod/shard-03.");
        assertThat(consul.value(FleetShards.STATES + "shard-02")).contains("drain");
        assertThat(consul.value(FleetShards.STATES + "shard-03")).contains("drain");
        assertThat(consul.value(FleetShards.STATES + "shard-01")).contains("ready");
        assertThat(consul.requests().stream().filter(r -> r.method().equals("PUT")).map(r -> r.query().get("cas")))
                .containsExactly(Long.toUnsignedString(read), "0");
    }

    @Test
    void aChangeByAnotherOperatorInBetweenIsReportedNotOverwritten() {
        shard("shard-01", "ready");
        shard("shard-02", "ready");
        consul.beforeNextPut(() -> consul.put(FleetShards.STATES + "shard-01", "maint"));

        assertThat(run("fleet", "drain", "shard-01", "shard-02", "--no-wait")).isEqualTo(1);

        assertThat(consul.value(FleetShards.STATES + "shard-01")).contains("maint");
        assertThat(err().strip()).isEqualTo("shard-01: not written: shard-states/prod/shard-01 changed since it was"
                + " read (another operator?); nothing was overwritten, look at the fleet again");
        assertThat(out().strip()).isEqualTo("shard-02: wrote drain to shard-states/prod/shard-02.");
        assertThat(consul.value(FleetShards.STATES + "shard-02")).contains("drain");
    }

    @Test
    void aKeyCreatedInBetweenIsNotOverwrittenEither() {
        consul.put(FleetShards.REPORTS + "shard-09", FleetShards.report(Instant.now(), true, "ready", 100, 1, 1, 0));
        consul.beforeNextPut(() -> consul.put(FleetShards.STATES + "shard-09", "ready"));

        assertThat(run("fleet", "maint", "shard-09", "--no-wait")).isEqualTo(1);

        assertThat(consul.value(FleetShards.STATES + "shard-09")).contains("ready");
        assertThat(err()).startsWith("shard-09: not written: shard-states/prod/shard-09 changed since it was read");
    }

    @Test
    void anUnknownShardIsNotCreated() {
        shard("shard-01", "ready");

        assertThat(run("fleet", "drain", "shard-1", "--no-wait")).isEqualTo(1);

        assertThat(consul.value(FleetShards.STATES + "shard-1")).isEmpty();
        assertThat(err().strip()).isEqualTo("shard-1: not written: no report under signal-report/prod/ and no desired"
                + " state under shard-states/prod/ (a typo?)");
    }

    @Test
    void consulAwayWritesNothingAndExitsTwo() {
        consul.refuse();

        assertThat(run("fleet", "ready", "shard-01")).isEqualTo(2);
        // refused, or reset when another program on the machine took the freed port meanwhile
        assertThat(err().strip()).startsWith("signal-sidecar: Consul did not answer, nothing was written: the read of"
                + " signal-report/prod/ failed: ").doesNotContain("\n");
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void waitsUntilTheSidecarOfTheShardReportsTheWord(@TempDir Path dir) {
        try (SidecarHarness node = new SidecarHarness(dir)) {
            consul.put(FleetShards.STATES + "shard-01", "ready");
            node.start(node.config().consul(settings(true)));
            Await.until(() -> consul.value(FleetShards.REPORTS + "shard-01"),
                    Optional::isPresent, Duration.ofSeconds(10), "the first report");

            assertThat(run(node.config().consul(settings(true)).build(), "fleet", "drain", "shard-01")).isEqualTo(0);

            assertThat(out().strip()).isEqualTo("shard-01: wrote drain; its sidecar now reports status drain, weight 0%.");
            assertThat(node.statusFileContents().strip()).isEqualTo("drain");
        }
    }

    @Test
    void aShardWhoseSidecarIsGoneIsReportedAfterTheBound() {
        consul.put(FleetShards.REPORTS + "shard-05", FleetShards.report(Instant.now().minusSeconds(600), true, "ready", 100, 1, 1, 0));

        assertThat(run("fleet", "drain", "shard-05")).isEqualTo(1);

        assertThat(consul.value(FleetShards.STATES + "shard-05")).contains("drain");
        assertThat(err().strip()).matches("shard-05: wrote drain, but its report still reads 'ready' after [0-9]+ s:"
                + " is its sidecar running and watching shard-states/prod/shard-05\\?");
    }
}
