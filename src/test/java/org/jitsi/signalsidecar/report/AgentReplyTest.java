package org.jitsi.signalsidecar.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The HAProxy agent's line in every state an operator can meet, and its optional extensions. */
class AgentReplyTest {
    private static final int PARTICIPANT_MAX = 5000;
    private static final AgentExtensions BOTH = new AgentExtensions(OptionalInt.of(250), true);

    private final MutableClock clock = new MutableClock();
    private Snapshot snapshot;

    /** Where flap mitigation stands when the agent is asked. */
    enum Moment {
        /** The latest poll saw the node as described. */
        POLLED,
        /** A healthy ready node, then a poll where jicofo answers 500 on top of what is described. */
        HARD_DOWN,
        /** A healthy ready node, a hard failure, then a poll seeing the node as described: within the dampening. */
        DAMPED,
        /** A healthy ready node, then a poll where jicofo answers 503 on top of what is described: within the grace. */
        SOFT_DOWN
    }

    @ParameterizedTest(name = "{0}, status file {1}: {2} / weighted {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POLLED    | ready     | up ready 100%  | up ready 50%
            POLLED    | drain     | up drain 0%    | up drain 0%
            POLLED    | maint     | up maint 0%    | up maint 0%
            POLLED    | unhealthy | down drain 0%  | down drain 0%
            POLLED    | garbage   | up drain 0%    | up drain 0%
            POLLED    | <missing> | down drain 0%  | down drain 0%
            HARD_DOWN | ready     | down ready 0%  | down ready 0%
            HARD_DOWN | drain     | down drain 0%  | down drain 0%
            HARD_DOWN | maint     | down maint 0%  | down maint 0%
            HARD_DOWN | unhealthy | down drain 0%  | down drain 0%
            HARD_DOWN | garbage   | down drain 0%  | down drain 0%
            HARD_DOWN | <missing> | down drain 0%  | down drain 0%
            DAMPED    | ready     | down ready 0%  | down ready 0%
            DAMPED    | drain     | down drain 0%  | down drain 0%
            DAMPED    | maint     | down maint 0%  | down maint 0%
            DAMPED    | unhealthy | down drain 0%  | down drain 0%
            DAMPED    | garbage   | down drain 0%  | down drain 0%
            DAMPED    | <missing> | down drain 0%  | down drain 0%
            SOFT_DOWN | ready     | up drain 0%    | up drain 0%
            SOFT_DOWN | drain     | up drain 0%    | up drain 0%
            SOFT_DOWN | maint     | up maint 0%    | up maint 0%
            SOFT_DOWN | unhealthy | down drain 0%  | down drain 0%
            SOFT_DOWN | garbage   | up drain 0%    | up drain 0%
            SOFT_DOWN | <missing> | down drain 0%  | down drain 0%
            """)
    void replyForEveryStateStatusWordAndWeightSetting(Moment moment, String statusFile, String unweighted,
                                                      String weighted) {
        assertThat(replyAt(moment, statusFile, false)).isEqualTo(unweighted);
        assertThat(replyAt(moment, statusFile, true)).isEqualTo(weighted);
    }

    /** The plain line, after checking it is the report's {@code agentmessage} at the same instant. */
    private String replyAt(Moment moment, String statusFile, boolean weightParticipants) {
        drive(moment, node(statusFile), weightParticipants);
        String line = snapshot.agentReplyAt(clock.instant()).line();
        String reported = Json.parse(snapshot.reportAt(clock.instant())).get("agentmessage").asText();
        assertThat(line).as("agent line equals the report's agentmessage").isEqualTo(reported);
        assertThat(line).matches("(up|down) (ready|drain|maint) \\d{1,3}%");
        return line;
    }

    private static Observe node(String statusFile) {
        Observe node = Observe.healthy().participants(PARTICIPANT_MAX / 2);
        return statusFile.equals("<missing>") ? node.statusMissing() : node.status(statusFile);
    }

    private void start(boolean weightParticipants, AgentExtensions extensions) {
        snapshot = Snapshot.initial(clock.instant(), new EvaluationRules(PARTICIPANT_MAX, weightParticipants,
                Duration.ofSeconds(30), Duration.ofSeconds(120)), extensions, false);
    }

    private void drive(Moment moment, Observe node, boolean weightParticipants) {
        drive(moment, node, weightParticipants, AgentExtensions.NONE);
    }

    private void drive(Moment moment, Observe node, boolean weightParticipants, AgentExtensions extensions) {
        start(weightParticipants, extensions);
        if (moment == Moment.POLLED) {
            poll(node);
            return;
        }
        poll(Observe.healthy());
        switch (moment) {
            case HARD_DOWN -> poll(node.jicofoHealth(500));
            case DAMPED -> {
                poll(Observe.healthy().jicofoHealth(500));
                poll(node);
            }
            case SOFT_DOWN -> poll(node.jicofoHealth(503));
            case POLLED -> throw new AssertionError("handled above");
        }
    }

    private void poll(Observe observe) {
        clock.advanceSeconds(5);
        snapshot = snapshot.next(observe.at(clock.instant()));
    }

    private String withExtensions(Moment moment, Observe node) {
        return withExtensions(moment, node, BOTH);
    }

    private String withExtensions(Moment moment, Observe node, AgentExtensions extensions) {
        drive(moment, node, false, extensions);
        return snapshot.agentReplyAt(clock.instant()).line();
    }

    @Test
    void beforeTheFirstPollTheReplyIsDownDrainZero() {
        start(true, AgentExtensions.NONE);
        assertThat(snapshot.agentReplyAt(clock.instant()).line()).isEqualTo("down drain 0%");
        start(true, BOTH);
        assertThat(snapshot.agentReplyAt(clock.instant()).line()).isEqualTo("down drain 0% maxconn:250 # no poll finished yet");
    }

    @Test
    void theBytesSentAreTheLineAndANewlineAndTheViewIsTheReportedOne() {
        drive(Moment.SOFT_DOWN, Observe.healthy(), false, BOTH);
        AgentReply reply = snapshot.agentReplyAt(clock.instant());
        assertThat(new String(reply.bytes(), StandardCharsets.US_ASCII)).isEqualTo(reply.line() + "\n");
        assertThat(reply.view()).isEqualTo(snapshot.viewAt(clock.instant()));
    }

    @Test
    void healthyNodeGetsMaxconnButNoReason() {
        assertThat(withExtensions(Moment.POLLED, Observe.healthy())).isEqualTo("up ready 100% maxconn:250");
        assertThat(withExtensions(Moment.POLLED, Observe.healthy().status("drain"))).isEqualTo("up drain 0% maxconn:250");
    }

    @Test
    void reasonNamesEveryProblemOfAnUnhealthyNode() {
        Observe node = Observe.healthy().jicofoHealth(Outcome.REFUSED).prosody(Outcome.TIMED_OUT);
        assertThat(withExtensions(Moment.POLLED, node)).isEqualTo(
                "down ready 0% maxconn:250 # jicofo health refused the connection; prosody did not answer in time"
                        + " (no answer within 1000 ms)");
        assertThat(withExtensions(Moment.POLLED, Observe.healthy().status("unhealthy")))
                .isEqualTo("down drain 0% maxconn:250 # status file says unhealthy");
    }

    @Test
    void reasonSaysWhenTheDrainGraceHoldsASoftDownNodeUp() {
        assertThat(withExtensions(Moment.SOFT_DOWN, Observe.healthy()))
                .isEqualTo("up drain 0% maxconn:250 # drain grace: jicofo health answered 503");
    }

    @Test
    void reasonSaysWhenDampeningHoldsARecoveredNodeDown() {
        assertThat(withExtensions(Moment.DAMPED, Observe.healthy()))
                .isEqualTo("down ready 0% maxconn:250 # recovered; held down by health dampening");
    }

    @Test
    void eachExtensionIsAddedOnlyWhenEnabled() {
        assertThat(withExtensions(Moment.HARD_DOWN, Observe.healthy(), new AgentExtensions(OptionalInt.of(40), false)))
                .isEqualTo("down ready 0% maxconn:40");
        assertThat(withExtensions(Moment.HARD_DOWN, Observe.healthy(), new AgentExtensions(OptionalInt.empty(), true)))
                .isEqualTo("down ready 0% # jicofo health answered 500");
    }

    @Test
    void reasonIsOneShortLineOfPrintableAscii() {
        NodeView down = new NodeView(false, false, NodeStatus.READY, 0);
        AgentExtensions reason = new AgentExtensions(OptionalInt.empty(), true);
        assertThat(AgentReply.reason(Adjustment.NONE, true, List.of("status file /srv/état\n is\tmissing, \u0007really\r\n")))
                .isEqualTo("status file /srv/?tat is missing; really");
        assertThat(AgentReply.reason(Adjustment.NONE, true, List.of("x".repeat(300))))
                .hasSize(AgentReply.MAX_REASON_LENGTH).endsWith("...");
        String blank = AgentReply.reason(Adjustment.NONE, true, List.of(" \n\t "));
        assertThat(AgentReply.of(down, blank, reason).line()).isEqualTo("down ready 0%");
    }

    @Test
    void reasonJoinsProblemsAndNamesTheFlapWindow() {
        List<String> problems = List.of("jicofo health answered 503", "prosody did not answer in time");
        assertThat(AgentReply.reason(Adjustment.NONE, true, problems))
                .isEqualTo("jicofo health answered 503; prosody did not answer in time");
        assertThat(AgentReply.reason(Adjustment.GRACE, true, problems))
                .isEqualTo("drain grace: jicofo health answered 503; prosody did not answer in time");
        assertThat(AgentReply.reason(Adjustment.NONE, true, List.of())).isEmpty();
    }

    @Test
    void maxconnMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AgentExtensions(OptionalInt.of(0), false))
                .withMessage("maxconn must be positive: 0");
    }
}
