package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one publication changed, as every consumer reads it: each case drives a node poll by poll
 * (5 s apart, the clock moved by hand) and names the transitions of its last publication, the
 * time-made ones first, as {@code kind flags | reason}. The flags say who reacts: {@code reported}
 * (an event), {@code healthLost} (signal_unhealthy_total), {@code agent} (the log's agent line),
 * {@code assessedLost} or {@code assessedBack} (the log's health line; a lost one starts the dumps),
 * {@code assessedStatus} (the log's status line).
 */
class TransitionTest {
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");
    private static final EvaluationRules PLAIN = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);
    private static final EvaluationRules FLAP = new EvaluationRules(5000, false, Duration.ofSeconds(30),
            Duration.ofSeconds(120));

    /** A node fed to one {@link TransitionFeed}, as a store's listener feeds it. */
    private static final class Node {
        final MutableClock clock = new MutableClock(START);
        final TransitionFeed feed;
        Snapshot snapshot;
        List<Transition> last = List.of();

        Node(EvaluationRules rules) {
            snapshot = Snapshot.initial(clock.instant(), rules, AgentExtensions.NONE, false);
            feed = new TransitionFeed(snapshot);
        }

        Node poll(Observe observe) {
            return publish(snapshot.next(observe.at(clock.instant()))).pass(5);
        }

        /** The operator writes {@code word} to the status file between polls. */
        Node write(String word) {
            return publish(snapshot.withStatusFile(StatusFileReading.read(word)));
        }

        Node pass(double seconds) {
            clock.advanceSeconds(seconds);
            return this;
        }

        private Node publish(Snapshot next) {
            last = feed.published(snapshot, next, clock.instant());
            snapshot = next;
            return this;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the first poll is reported, whatever it found", PLAIN,
                        steps(n -> n.poll(Observe.healthy())),
                        List.of("poll first reported agent | first poll")),
                Arguments.of("a first poll that finds a failure loses no health: there was none to lose", PLAIN,
                        steps(n -> n.poll(Observe.healthy().jicofoHealth(500))),
                        List.of("poll first reported agent | first poll: jicofo health answered 500")),
                Arguments.of("a poll that changes nothing changes nothing", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy())),
                        List.of("poll")),
                Arguments.of("a hard failure is lost health both as reported and as assessed", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))),
                        List.of("poll reported healthLost agent assessedLost | jicofo health answered 500")),
                Arguments.of("another failure while down changes nothing consumers see, nor the verdict", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy().jicofoHealth(404))),
                        List.of("poll")),
                Arguments.of("recovery is assessed and reported", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().prosody(Outcome.REFUSED))
                                .poll(Observe.healthy())),
                        List.of("poll reported agent assessedBack | prosody recovered")),
                Arguments.of("soft down within the grace: the peers failed, consumers still see a healthy node", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(503))),
                        List.of("poll reported agent assessedLost | jicofo health answered 503;"
                                + " soft down: drain grace until 2026-11-25T06:02:05.000Z")),
                Arguments.of("the grace running out loses the reported health at its own instant", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(503)).pass(120)
                                .poll(Observe.healthy().jicofoHealth(503))),
                        List.of("time reported healthLost agent | drain grace ended; jicofo health answered 503",
                                "poll")),
                Arguments.of("a recovery held down by dampening is assessed, reported as damped, not healthy", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy())),
                        List.of("poll reported assessedBack | jicofo health recovered;"
                                + " held down by health dampening until 2026-11-25T06:00:35.000Z")),
                Arguments.of("a failure right after dampening ran out loses the health consumers saw again", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy()).poll(Observe.healthy()).poll(Observe.healthy())
                                .poll(Observe.healthy()).poll(Observe.healthy()).poll(Observe.healthy())
                                .poll(Observe.healthy().jicofoHealth(500))),
                        List.of("time reported agent | dampening ended",
                                "poll reported healthLost agent assessedLost | jicofo health answered 500")),
                Arguments.of("the operator draining between polls changes the status", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).write("drain")),
                        List.of("poll reported agent assessedStatus | status file now says drain")),
                Arguments.of("unhealthy in the status file loses health, and drains", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().status("unhealthy"))),
                        List.of("poll reported healthLost agent assessedLost assessedStatus"
                                + " | status file now says unhealthy")),
                Arguments.of("a weight change above 0% moves the agent, no event",
                        new EvaluationRules(5000, true, Duration.ZERO, Duration.ZERO),
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().participants(2500))),
                        List.of("poll agent")));
    }

    private static UnaryOperator<Node> steps(UnaryOperator<Node> steps) {
        return steps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whatTheLastPublicationChanged(String name, EvaluationRules rules, UnaryOperator<Node> steps,
                                       List<String> expected) {
        Node node = steps.apply(new Node(rules));
        assertThat(node.last.stream().map(TransitionTest::describe).toList()).isEqualTo(expected);
    }

    private static String describe(Transition t) {
        List<String> words = new ArrayList<>();
        words.add(t.byTime() ? "time" : "poll");
        if (t.firstPoll()) {
            words.add("first");
        }
        if (t.reportedChange()) {
            words.add("reported");
        }
        if (t.reportedHealthLost()) {
            words.add("healthLost");
        }
        if (t.agentReplyChanged()) {
            words.add("agent");
        }
        if (t.assessedHealthChanged()) {
            words.add(t.assessedHealthLost() ? "assessedLost" : "assessedBack");
        } else {
            assertThat(t.assessedHealthLost()).as("lost implies changed").isFalse();
        }
        if (t.assessedStatusChanged()) {
            words.add("assessedStatus");
        }
        assertThat(t.event().isPresent()).as("an event exactly for a reported change").isEqualTo(t.reportedChange());
        return String.join(" ", words) + (t.reportedChange() ? " | " + t.reason() : "");
    }
}
