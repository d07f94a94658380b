package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which changes of what consumers see become events and which reason each names: each case polls
 * a few times with a hand-moved clock (5 s between polls unless it says otherwise) and names the
 * events recorded after the first poll, oldest first, as {@code agentmessage | reason}.
 */
class EventRuleTest {
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");
    private static final EvaluationRules PLAIN = rules(false, Duration.ZERO, Duration.ZERO);
    private static final EvaluationRules FLAP = rules(false, Duration.ofSeconds(30), Duration.ofSeconds(120));

    private static EvaluationRules rules(boolean weightParticipants, Duration dampening, Duration grace) {
        return new EvaluationRules(5000, weightParticipants, dampening, grace);
    }

    /** A node driven poll by poll; the recorder sees every snapshot, as the store's listener does. */
    private static final class Node {
        final MutableClock clock = new MutableClock(START);
        final EventRecorder events;
        Snapshot snapshot;

        Node(EvaluationRules rules, int max) {
            snapshot = Snapshot.initial(clock.instant(), rules, AgentExtensions.NONE, false);
            events = new EventRecorder(max, snapshot, clock);
        }

        Node poll(Observe observe) {
            Snapshot previous = snapshot;
            snapshot = snapshot.next(observe.at(clock.instant()));
            events.published(previous, snapshot);
            clock.advanceSeconds(5);
            return this;
        }

        Node pass(double seconds) {
            clock.advanceSeconds(seconds);
            return this;
        }

        List<NodeEvent> oldestFirst() {
            List<NodeEvent> list = new ArrayList<>(events.newestFirst(clock.instant(), Integer.MAX_VALUE));
            return list.reversed();
        }

        /** The events after the first poll's, as {@code agentmessage | reason}. */
        List<String> laterEvents() {
            return oldestFirst().stream().skip(1).map(e -> e.view().agentMessage() + " | " + e.reason()).toList();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a poll that changes nothing is no event", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy())),
                        List.of()),
                Arguments.of("jicofo failing names its answer", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))),
                        List.of("down ready 0% | jicofo health answered 500")),
                Arguments.of("the same failure again is no new event", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy().jicofoHealth(500))),
                        List.of("down ready 0% | jicofo health answered 500")),
                Arguments.of("another failure while still down is no event: consumers see the same", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy().jicofoHealth(404))),
                        List.of("down ready 0% | jicofo health answered 500")),
                Arguments.of("recovery names the input that recovered", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().prosody(Outcome.REFUSED))
                                .poll(Observe.healthy())),
                        List.of("down ready 0% | prosody refused the connection", "up ready 100% | prosody recovered")),
                Arguments.of("the operator draining names the status file's new word", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().status("DRAIN"))),
                        List.of("up drain 0% | status file now says drain")),
                Arguments.of("an emptied status file says so", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().status(""))),
                        List.of("up drain 0% | status file is now empty")),
                Arguments.of("unhealthy in the status file is named once", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().status("unhealthy"))),
                        List.of("down drain 0% | status file now says unhealthy")),
                Arguments.of("a missing status file names the read error", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().statusMissing())),
                        List.of("down drain 0% | status file /etc/jitsi/shard-status is missing")),
                Arguments.of("too many participants drain a ready node", PLAIN,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().participants(5001))
                                .poll(Observe.healthy().participants(5002)).poll(Observe.healthy().participants(4000))),
                        List.of("up drain 0% | jicofo reports 5001 participants, above PARTICIPANT_MAX 5000",
                                "up ready 100% | jicofo reports 4000 participants, no longer above PARTICIPANT_MAX 5000")),
                Arguments.of("a weight change above 0% is no event", rules(true, Duration.ZERO, Duration.ZERO),
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().participants(2500))
                                .poll(Observe.healthy().participants(4999))),
                        List.of()),
                Arguments.of("dampening holds a recovered node down, then ends by itself", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                                .poll(Observe.healthy()).pass(60)),
                        List.of("down ready 0% | jicofo health answered 500",
                                "down ready 0% | jicofo health recovered; held down by health dampening until 2026-11-25T06:00:35.000Z",
                                "up ready 100% | dampening ended")),
                Arguments.of("a soft-down node drains within the grace, then the grace ends by itself", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(503)).pass(200)),
                        List.of("up drain 0% | jicofo health answered 503; soft down: drain grace until 2026-11-25T06:02:05.000Z",
                                "down ready 0% | drain grace ended; jicofo health answered 503")),
                Arguments.of("a soft-down node that turns hard ends the grace at that poll", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(503))
                                .poll(Observe.healthy().jicofoHealth(503).prosody(Outcome.REFUSED))),
                        List.of("up drain 0% | jicofo health answered 503; soft down: drain grace until 2026-11-25T06:02:05.000Z",
                                "down ready 0% | prosody refused the connection; drain grace ended")),
                Arguments.of("a node recovering within the grace was never seen down: no dampening", FLAP,
                        steps(n -> n.poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(503))
                                .poll(Observe.healthy()).pass(60)),
                        List.of("up drain 0% | jicofo health answered 503; soft down: drain grace until 2026-11-25T06:02:05.000Z",
                                "up ready 100% | jicofo health recovered")));
    }

    private static Consumer<Node> steps(Consumer<Node> steps) {
        return steps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eventsAndReasons(String name, EvaluationRules rules, Consumer<Node> steps, List<String> expected) {
        Node node = new Node(rules, 200);
        steps.accept(node);
        assertThat(node.laterEvents()).as(name).containsExactlyElementsOf(expected);
    }

    @Test
    void theFirstPollIsAnEventNamingWhatIsWrong() {
        Node healthy = new Node(PLAIN, 200).poll(Observe.healthy());
        assertThat(healthy.oldestFirst()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("first poll");
            assertThat(e.time()).isEqualTo(START);
            assertThat(e.view()).isEqualTo(new NodeView(true, false, NodeStatus.READY, 100));
        });
        Node down = new Node(PLAIN, 200).poll(Observe.healthy().jicofoHealth(Outcome.REFUSED).participants(1));
        assertThat(down.oldestFirst()).singleElement()
                .extracting(NodeEvent::reason).isEqualTo("first poll: jicofo health refused the connection");
    }

    @Test
    void beforeTheFirstPollThereIsNoEvent() {
        Node node = new Node(FLAP, 200).pass(600);
        assertThat(node.oldestFirst()).isEmpty();
    }

    @Test
    void dampeningEndsAtTheLastUnhealthyPollPlusTheIntervalWhoeverAsksLater() {
        Node node = new Node(FLAP, 200).poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500));
        Instant lastUnhealthy = node.clock.instant().minusSeconds(5);
        node.poll(Observe.healthy()).pass(3600);
        NodeEvent ended = node.events.newestFirst(node.clock.instant(), 1).getFirst();
        assertThat(ended.reason()).isEqualTo("dampening ended");
        assertThat(ended.time()).isEqualTo(lastUnhealthy.plusSeconds(30).plusNanos(1));
        assertThat(ReportTime.format(ended.time())).isEqualTo("2026-11-25T06:00:35.000Z");
    }

    @Test
    void theEndOfDampeningIsRecordedBeforeTheNextPollsEvent() {
        Node node = new Node(FLAP, 200).poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                .poll(Observe.healthy()).pass(60);
        node.poll(Observe.healthy().status("drain")); // nobody asked in between: the poll catches up first
        assertThat(node.laterEvents()).containsExactly(
                "down ready 0% | jicofo health answered 500",
                "down ready 0% | jicofo health recovered; held down by health dampening until 2026-11-25T06:00:35.000Z",
                "up ready 100% | dampening ended",
                "up drain 0% | status file now says drain");
    }

    @Test
    void askingDuringDampeningShowsNoEndYet() {
        Node node = new Node(FLAP, 200).poll(Observe.healthy()).poll(Observe.healthy().jicofoHealth(500))
                .poll(Observe.healthy());
        assertThat(node.events.newestFirst(node.clock.instant(), 1).getFirst().reason())
                .startsWith("jicofo health recovered; held down");
    }

    @Test
    void aStatusFileChangeBetweenPollsIsDatedWhenItWasPublished() {
        Node node = new Node(PLAIN, 200).poll(Observe.healthy());
        Instant written = node.clock.advanceSeconds(2);
        Snapshot previous = node.snapshot;
        node.snapshot = previous.withStatusFile(StatusFileReading.read("drain"));
        node.events.published(previous, node.snapshot);
        NodeEvent drained = node.events.newestFirst(written, 1).getFirst();
        assertThat(drained.time()).isEqualTo(written);
        assertThat(drained.reason()).isEqualTo("status file now says drain");
        assertThat(drained.view().agentMessage()).isEqualTo("up drain 0%");
    }

    @Test
    void theShutdownGraceIsAnEventNamingIt() {
        Node node = new Node(PLAIN, 200).poll(Observe.healthy());
        Snapshot previous = node.snapshot;
        node.snapshot = previous.whileStopping();
        node.events.published(previous, node.snapshot);
        NodeEvent stopping = node.events.newestFirst(node.clock.instant(), 1).getFirst();
        assertThat(stopping.reason()).isEqualTo("sidecar stopping: shutdown grace");
        assertThat(stopping.view().agentMessage()).isEqualTo("up drain 0%");
    }

    @Test
    void theHistoryKeepsTheNewestMaxEventsNewestFirst() {
        Node node = new Node(PLAIN, 3);
        for (String word : List.of("ready", "drain", "maint", "ready", "drain")) {
            node.poll(Observe.healthy().status(word));
        }
        assertThat(node.events.newestFirst(node.clock.instant(), 10)).extracting(NodeEvent::reason).containsExactly(
                "status file now says drain", "status file now says ready", "status file now says maint");
        assertThat(node.events.newestFirst(node.clock.instant(), 2)).hasSize(2);
    }
}
