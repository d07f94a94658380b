package org.jitsi.signalsidecar.fleet;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.config.CommandLine;
import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulToken;
import org.jitsi.signalsidecar.config.FleetCommand;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.consul.KvEntry;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code signal-sidecar fleet} against the strict Consul double: what an operator reads, and its exit status. */
class FleetCliIT {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ConsulKvDouble consul;

    @BeforeEach
    void setUp() {
        consul = new ConsulKvDouble();
        consul.jumpIndexTo(Long.MAX_VALUE - 1_000_000);
    }

    @AfterEach
    void tearDown() {
        consul.close();
    }

    private void load(FleetShards.Env env) {
        for (KvEntry e : env.reports()) {
            consul.put(e.key(), e.value().orElse(""));
        }
        for (KvEntry e : env.states()) {
            consul.put(e.key(), e.value().orElse(""));
        }
    }

    private SidecarConfig config(Optional<ConsulToken> token) {
        return TestConfig.loopback().consul(new ConsulSettings(URI.create(consul.origin()), token, false,
                FleetShards.STATES + "shard-01", false, FleetShards.REPORTS + "shard-01", Duration.ofSeconds(10), false,
                Duration.ofSeconds(5))).build();
    }

    private int run(String... args) {
        return run(config(Optional.empty()), args);
    }

    private int run(SidecarConfig config, String... args) {
        FleetCommand command = CommandLine.parse(args, Map.of()).fleet().orElseThrow();
        return new FleetCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock, (delay, woken) -> clock.advance(delay), false).run(command, config, 3);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String row(String shard) {
        return out().lines().filter(l -> l.startsWith(shard + " ")).findFirst().orElseThrow();
    }

    @Test
    void fiftyShardsInOneTableWithTheTroubleMarked() {
        load(FleetShards.fifty(NOW));

        assertThat(run("fleet")).isEqualTo(1);

        assertThat(out().lines().findFirst().orElseThrow())
                .isEqualTo("Fleet under signal-report/prod/ (desired states under shard-states/prod/) at"
                        + " 2026-12-06T03:00:00.000Z; stale: no report for 3 publishing intervals");
        assertThat(out().lines().filter(l -> l.startsWith("shard-"))).hasSize(50);
        assertThat(row("shard-07").split(" +")).containsExactly("shard-07", "yes", "ready", "ready", "100%", "12", "3",
                "2", "4s");
        assertThat(row("shard-42")).endsWith("5m STALE");
        assertThat(row("shard-44").split(" +")).startsWith("shard-44", "NO", "drain", "ready", "0%");
        assertThat(row("shard-46").split(" +")).startsWith("shard-46", "yes", "drain", "drain", "0%");
        assertThat(row("shard-47").split(" +")).startsWith("shard-47", "yes", "ready", "drain", "!", "100%");
        assertThat(row("shard-48")).contains("not a report: not JSON");
        assertThat(row("shard-49")).contains("not a report: not a signal-sidecar report");
        assertThat(row("shard-50")).endsWith("no report");
        assertThat(out().lines().toList().getLast()).startsWith("50 shards: 43 fresh and healthy, 2 unhealthy, 2 stale,"
                + " 1 without a report, 2 not a report, 1 desired state not read yet (!)");
        assertThat(err()).isEmpty();
        assertThat(consul.requests()).extracting(r -> r.query().containsKey("recurse")).containsOnly(true);
    }

    @Test
    void jsonForMachinesWithTheSameFacts() {
        load(FleetShards.fifty(NOW));

        assertThat(run("fleet", "--json")).isEqualTo(1);

        JsonNode json = Json.parse(out());
        assertThat(json.get("allFine").asBoolean()).isFalse();
        assertThat(json.get("totals").get("stale").asInt()).isEqualTo(2);
        assertThat(json.get("shards")).hasSize(50);
        assertThat(json.get("shards").get(46).get("shard").asText()).isEqualTo("shard-47");
        assertThat(json.get("shards").get(46).get("disagrees").asBoolean()).isTrue();
        assertThat(json.get("shards").get(40).get("state").asText()).isEqualTo("stale");
        assertThat(json.get("shards").get(47).get("problem").asText()).startsWith("not JSON");
        assertThat(json.get("shards").get(49).get("healthy").isNull()).isTrue();
    }

    @Test
    void exitZeroWhenEveryShardIsFreshAndHealthy() {
        consul.put(FleetShards.REPORTS + "a", FleetShards.report(NOW.minusSeconds(3), true, "ready", 100, 1, 1, 0));
        consul.put(FleetShards.REPORTS + "b", FleetShards.report(NOW.minusSeconds(29), true, "drain", 0, 0, 0, 0));

        assertThat(run("fleet")).isEqualTo(0);
        assertThat(out()).contains("2 shards: 2 fresh and healthy; fresh reports: 1 participants");
    }

    @Test
    void consulAwayIsExitTwoAndOneLine() {
        consul.refuse();

        assertThat(run("fleet")).isEqualTo(2);
        // refused, or reset when another program on the machine took the freed port meanwhile
        assertThat(err().strip()).startsWith("signal-sidecar: Consul did not answer: the read of signal-report/prod/"
                + " failed: ").doesNotContain("\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aRefusedTokenIsExitTwoWithConsulsReason() {
        consul.requireToken("right");
        consul.put(FleetShards.REPORTS + "a", FleetShards.report(NOW, true, "ready", 100, 1, 1, 0));

        assertThat(run(config(Optional.of(new ConsulToken("wrong"))), "fleet")).isEqualTo(2);
        assertThat(err()).contains("Consul answered 403: ACL not found (Consul does not know the ACL token)");

        assertThat(run(config(Optional.of(new ConsulToken("right"))), "fleet")).isEqualTo(0);
    }

    @Test
    void anotherEnvironmentOnRequestWithItsOwnDesiredStates() {
        consul.put("signal-report/staging/x", FleetShards.report(NOW, true, "ready", 100, 1, 1, 0));
        consul.put("shard-states/staging/x", "drain");
        consul.put("shard-states/prod/x", "maint");

        assertThat(run("fleet", "--prefix", "signal-report/staging")).isEqualTo(0);
        assertThat(row("x").split(" +")).startsWith("x", "yes", "ready", "drain", "!");
        assertThat(out()).doesNotContain("maint");
    }

    @Test
    void watchRedrawsWhenAReportChanges() throws Exception {
        consul.put(FleetShards.REPORTS + "a", FleetShards.report(NOW, true, "ready", 100, 1, 1, 0));
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> {
            Await.until(consul::holds, n -> n == 1, Duration.ofSeconds(10), "the watch to block");
            consul.put(FleetShards.REPORTS + "a", FleetShards.report(NOW, false, "drain", 0, 1, 1, 0));
            Await.until(consul::holds, n -> n == 2, Duration.ofSeconds(10), "the watch to block again");
            consul.put(FleetShards.REPORTS + "a", FleetShards.report(NOW, true, "ready", 100, 1, 1, 0));
        }, task -> Thread.ofVirtual().start(task));

        assertThat(run("fleet", "--watch")).isEqualTo(0);
        change.get(10, TimeUnit.SECONDS);

        assertThat(out().lines().filter(l -> l.startsWith("a ")).map(l -> l.split(" +")[1]))
                .containsExactly("yes", "NO", "yes");
        assertThat(consul.requests().stream().filter(ConsulKvDouble.Request::blocking)).hasSizeGreaterThanOrEqualTo(2);
    }
}
