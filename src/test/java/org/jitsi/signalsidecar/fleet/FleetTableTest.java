package org.jitsi.signalsidecar.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jitsi.signalsidecar.consul.KvEntry;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FleetTableTest {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private static FleetTable fifty() {
        FleetShards.Env env = FleetShards.fifty(NOW);
        return FleetTable.of(FleetShards.REPORTS, env.reports(), FleetShards.STATES, env.states(), NOW, INTERVAL);
    }

    private static String line(String text, String shard) {
        return text.lines().filter(l -> l.startsWith(shard + " ")).findFirst().orElseThrow();
    }

    @Test
    void fiftyShardsOneLineEachWithWhatIsWrongSaidInWords() {
        String text = FleetText.render(fifty());

        assertThat(text.lines().toList()).hasSize(52);
        assertThat(text.lines().findFirst().orElseThrow().split(" +")).containsExactlyElementsOf(FleetText.HEADER);
        assertThat(line(text, "shard-01").split(" +")).containsExactly("shard-01", "yes", "ready", "ready", "100%",
                "12", "3", "2", "4s");
        assertThat(line(text, "shard-41")).endsWith("5m STALE");
        assertThat(line(text, "shard-43").split(" +")).containsExactly("shard-43", "NO", "drain", "ready", "0%", "0",
                "0", "-", "4s");
        assertThat(line(text, "shard-45").split(" +")).containsExactly("shard-45", "yes", "drain", "drain", "0%", "5",
                "1", "1", "4s");
        assertThat(line(text, "shard-47").split(" +")).containsExactly("shard-47", "yes", "ready", "drain", "!",
                "100%", "12", "3", "2", "4s");
        assertThat(line(text, "shard-48")).contains("not a report: not JSON").doesNotContain("\u001b");
        assertThat(line(text, "shard-49")).endsWith("not a report: not a signal-sidecar report (no time, healthy or status)");
        assertThat(line(text, "shard-50").split(" +")).containsExactly("shard-50", "-", "-", "maint", "-", "-", "-",
                "-", "no", "report");
        assertThat(text.lines().toList().getLast()).isEqualTo("50 shards: 43 fresh and healthy, 2 unhealthy, 2 stale,"
                + " 1 without a report, 2 not a report, 1 desired state not read yet (!); fresh reports:"
                + " 502 participants, 125 conferences, 84 census rooms");
    }

    @Test
    void unhealthyUnlessEveryShardIsFreshAndHealthy() {
        assertThat(fifty().allFine()).isFalse();
        FleetTable two = FleetTable.of(FleetShards.REPORTS, List.of(
                        entry("shard-1", FleetShards.report(NOW.minusSeconds(30), true, "ready", 100, 1, 1, 0)),
                        entry("shard-2", FleetShards.report(NOW, true, "drain", 0, 1, 1, 0))),
                FleetShards.STATES, List.of(), NOW, INTERVAL);
        assertThat(two.allFine()).isTrue();
        assertThat(FleetTable.of(FleetShards.REPORTS, List.of(), FleetShards.STATES, List.of(), NOW, INTERVAL).allFine())
                .as("no shard at all is not a fine fleet").isFalse();
    }

    @Test
    void staleMeansOlderThanThreeIntervals() {
        FleetTable table = FleetTable.of(FleetShards.REPORTS, List.of(
                        entry("at-limit", FleetShards.report(NOW.minusSeconds(30), true, "ready", 100, 1, 1, 0)),
                        entry("past-limit", FleetShards.report(NOW.minusSeconds(30).minusMillis(1), true, "ready", 100, 1, 1, 0)),
                        entry("ahead", FleetShards.report(NOW.plusSeconds(2), true, "ready", 100, 1, 1, 0))),
                FleetShards.STATES, List.of(), NOW, INTERVAL);
        assertThat(table.rows()).extracting(FleetRow::shard, FleetRow::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ahead", FleetRow.State.FRESH),
                org.assertj.core.groups.Tuple.tuple("at-limit", FleetRow.State.FRESH),
                org.assertj.core.groups.Tuple.tuple("past-limit", FleetRow.State.STALE));
        assertThat(table.rows().getFirst().age()).contains(Duration.ZERO);
    }

    @Test
    void theFolderKeyOfThePrefixIsNoShard() {
        FleetTable table = FleetTable.of(FleetShards.REPORTS, List.of(new KvEntry(FleetShards.REPORTS, 5, Optional.empty())),
                FleetShards.STATES, List.of(new KvEntry(FleetShards.STATES, 6, Optional.empty())), NOW, INTERVAL);
        assertThat(table.rows()).isEmpty();
        assertThat(FleetText.render(table)).endsWith("0 shards: 0 fresh and healthy; fresh reports: 0 participants,"
                + " 0 conferences, 0 census rooms\n");
    }

    @Test
    void aControlCharacterInAShardNameCannotReachTheTerminal() {
        assertThat(FleetText.printable("a\u001b[31mb\u202ec\n")).isEqualTo("a?[31mb?c?");
        assertThat(FleetText.printable("x".repeat(100))).hasSize(81).endsWith("…");
    }

    private static KvEntry entry(String shard, String value) {
        return new KvEntry(FleetShards.REPORTS + shard, 77, Optional.of(value));
    }
}
