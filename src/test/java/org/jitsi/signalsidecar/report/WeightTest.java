package org.jitsi.signalsidecar.report;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WeightTest {
    private static EvaluationRules rules(boolean weightParticipants) {
        return new EvaluationRules(5000, weightParticipants, Duration.ZERO, Duration.ZERO);
    }

    @ParameterizedTest(name = "participants {0} -> {1}%")
    @CsvSource({
            "0, 100", "1, 100", "124, 100", "126, 95", "2500, 50", "3700, 25", "4874, 5", "4876, 1",
            "4999, 1", "5000, 1", "6000, 1", "12000, 1", "-1, 0"})
    void weightFollowsFreeCapacityInStepsOfFive(long participants, int percent) {
        assertThat(Weight.percent(true, NodeStatus.READY, participants, rules(true))).isEqualTo(percent);
    }

    @ParameterizedTest(name = "healthy {0}, status {1} -> {2}%")
    @CsvSource({
            "true, READY, 100", "true, DRAIN, 0", "true, MAINT, 0", "true, UNKNOWN, 0",
            "false, READY, 0", "false, DRAIN, 0"})
    void onlyAHealthyReadyNodeGetsWeight(boolean healthy, NodeStatus status, int percent) {
        assertThat(Weight.percent(healthy, status, 12, rules(false))).isEqualTo(percent);
        assertThat(Weight.percent(healthy, status, 0, rules(true))).isEqualTo(percent);
    }
}
