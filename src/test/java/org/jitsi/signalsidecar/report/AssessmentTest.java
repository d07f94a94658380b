package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AssessmentTest {
    private static final Instant T = Instant.parse("2026-11-25T06:00:00Z");
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ofSeconds(30),
            Duration.ofSeconds(120));

    private static Assessment assess(Observe observe) {
        return Assessment.assess(observe.at(T), RULES);
    }

    static Stream<Arguments> softDownMatrix() {
        return Stream.of(
                arguments("jicofo 503, prosody 200", Observe.healthy().jicofoHealth(503), true),
                arguments("jicofo 503, prosody timeout", Observe.healthy().jicofoHealth(503).prosody(Outcome.TIMED_OUT), true),
                arguments("jicofo 503, prosody refused", Observe.healthy().jicofoHealth(503).prosody(Outcome.REFUSED), false),
                arguments("jicofo 503, prosody 500", Observe.healthy().jicofoHealth(503).prosody(500), false),
                arguments("jicofo 200, prosody timeout", Observe.healthy().prosody(Outcome.TIMED_OUT), true),
                arguments("jicofo 200, prosody 503", Observe.healthy().prosody(503), false),
                arguments("jicofo 500", Observe.healthy().jicofoHealth(500), false),
                arguments("jicofo 404 (health checks disabled)", Observe.healthy().jicofoHealth(404), false),
                arguments("jicofo refused", Observe.healthy().jicofoHealth(Outcome.REFUSED).jicofoStats(Outcome.REFUSED), false),
                arguments("jicofo timeout", Observe.healthy().jicofoHealth(Outcome.TIMED_OUT), false),
                arguments("jicofo 503, status unhealthy", Observe.healthy().jicofoHealth(503).status("unhealthy"), false),
                arguments("status unhealthy alone", Observe.healthy().status("unhealthy"), false),
                arguments("jicofo 503, status file missing", Observe.healthy().jicofoHealth(503).statusMissing(), false));
    }

    @ParameterizedTest(name = "{0} -> soft down {2}")
    @MethodSource("softDownMatrix")
    void softDownOnlyForJicofo503OrProsodyTimeout(String name, Observe observe, boolean softDown) {
        Assessment a = assess(observe);
        assertThat(a.healthy()).isFalse();
        assertThat(a.softDown()).isEqualTo(softDown);
    }

    static Stream<Arguments> statusWords() {
        return Stream.of(
                arguments("ready", true, NodeStatus.READY),
                arguments("drain", true, NodeStatus.DRAIN),
                arguments("maint", true, NodeStatus.MAINT),
                arguments("DRAIN", true, NodeStatus.DRAIN),
                arguments("  Maint \n", true, NodeStatus.MAINT),
                arguments("unhealthy", false, NodeStatus.DRAIN),
                arguments("UNHEALTHY", false, NodeStatus.DRAIN),
                arguments("foo", true, NodeStatus.UNKNOWN),
                arguments("", true, NodeStatus.UNKNOWN));
    }

    @ParameterizedTest(name = "status file \"{0}\" -> healthy {1}, status {2}")
    @MethodSource("statusWords")
    void statusFileWordDecidesStatusAndUnhealthyForcesFailure(String contents, boolean healthy, NodeStatus status) {
        Assessment a = assess(Observe.healthy().status(contents));
        assertThat(a.healthy()).isEqualTo(healthy);
        assertThat(a.status()).isEqualTo(status);
    }

    @Test
    void missingStatusFileIsUnhealthyWithStatusUnknown() {
        Assessment a = assess(Observe.healthy().statusMissing());
        assertThat(a.healthy()).isFalse();
        assertThat(a.status()).isEqualTo(NodeStatus.UNKNOWN);
        assertThat(a.problems()).containsExactly("status file /etc/jitsi/shard-status is missing");
    }

    @Test
    void readyNodeOverParticipantMaxDrains() {
        assertThat(assess(Observe.healthy().participants(5001)).status()).isEqualTo(NodeStatus.DRAIN);
        assertThat(assess(Observe.healthy().participants(5000)).status()).isEqualTo(NodeStatus.READY);
        assertThat(assess(Observe.healthy().participants(5001).status("maint")).status()).isEqualTo(NodeStatus.MAINT);
    }

    @Test
    void participantsAreKnownOnlyWhenBothJicofoCallsSucceeded() {
        assertThat(assess(Observe.healthy()).counts()).hasValueSatisfying(c -> assertThat(c.participants()).isEqualTo(12));
        assertThat(assess(Observe.healthy().jicofoHealth(503)).counts()).isEmpty();
        assertThat(assess(Observe.healthy().jicofoHealth(500)).counts()).isEmpty();
        assertThat(assess(Observe.healthy().jicofoStats(500)).counts()).isEmpty();
        assertThat(assess(Observe.healthy().jicofoStatsGarbage()).counts()).isEmpty();
    }

    @Test
    void unparsableStatsMakeJicofoUnhealthy() {
        Assessment a = assess(Observe.healthy().jicofoStatsGarbage());
        assertThat(a.jicofoHealthy()).isFalse();
        assertThat(a.healthy()).isFalse();
        assertThat(a.problems()).containsExactly("jicofo stats answered 200: stats are not valid JSON");
    }

    @Test
    void softDownFlagsFollowThePeers() {
        Assessment jicofo503 = assess(Observe.healthy().jicofoHealth(503));
        assertThat(jicofo503.jicofoSoftDown()).isTrue();
        assertThat(jicofo503.prosodySoftDown()).isFalse();
        Assessment prosodyHang = assess(Observe.healthy().prosody(Outcome.TIMED_OUT));
        assertThat(prosodyHang.prosodySoftDown()).isTrue();
        assertThat(prosodyHang.prosodyHealthy()).isFalse();
        Assessment jicofoHang = assess(Observe.healthy().jicofoHealth(Outcome.TIMED_OUT));
        assertThat(jicofoHang.jicofoSoftDown()).isFalse();
    }

    @Test
    void healthyNodeHasNoProblems() {
        Assessment a = assess(Observe.healthy());
        assertThat(a.healthy()).isTrue();
        assertThat(a.problems()).isEmpty();
    }
}
