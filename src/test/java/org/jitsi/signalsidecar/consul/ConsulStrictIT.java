package org.jitsi.signalsidecar.consul;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulToken;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status watch against Consul as a real cluster behaves: lagging followers with older data,
 * no leader, indexes past 2^63, connections cut by the network, Consul's own ACL answers.
 */
class ConsulStrictIT {
    private static final String KEY = "shard-states/test/shard-1";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ConsulKvDouble consul = new ConsulKvDouble();
    private SidecarHarness node;

    @BeforeEach
    void setUp() {
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
        consul.close();
    }

    private void startWatching(Duration wait, Optional<ConsulToken> token) {
        node.start(node.config().interval(Duration.ofSeconds(30)).consul(new ConsulSettings(URI.create(consul.origin()),
                token, true, KEY, false, "shard-report", Duration.ofSeconds(60), false, wait)));
    }

    private void startWatching() {
        startWatching(Duration.ofSeconds(2), Optional.empty());
    }

    private void awaitFile(String contents, Duration within) {
        Await.until(node::statusFileContents, contents::equals, within, "the status file to hold " + contents.strip());
    }

    private ConsulWatch watch() {
        return node.sidecar().consul().watch().orElseThrow();
    }

    private long answeredBy(String server) {
        return consul.requests().stream().filter(r -> r.server().equals(server) && !r.consistent()).count();
    }

    @Test
    void aLaggingFollowerNeverRollsTheStatusBack() {
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));
        // a follower stops applying the log while still in touch by its own account: only the index tells
        ConsulKvDouble.Follower lagging = consul.freezeFollower(Duration.ofMillis(40), true);
        consul.put(KEY, "drain"); // the operator drains the node
        awaitFile("drain\n", ONE_SECOND);

        consul.staleReadsFrom(lagging);
        // it holds each query for the wait, then answers with its older index and the older "ready"
        Await.until(() -> answeredBy("follower"), n -> n >= 2, Duration.ofSeconds(15), "two answers from the follower");
        assertThat(node.statusFileContents()).isEqualTo("drain\n");
        assertThat(node.agent()).isEqualTo("up drain 0%\n");
        assertThat(consul.requests()).anyMatch(r -> r.consistent() && r.status() == 200);
    }

    @Test
    void aChangeFromAServerOutOfTouchIsConfirmedWithTheLeader() {
        consul.put(KEY, "ready");
        ConsulKvDouble.Follower lagging = consul.freezeFollower(Duration.ofSeconds(30), true);
        consul.put(KEY, "drain");
        consul.staleReadsFrom(lagging);
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching();
            awaitFile("drain\n", Duration.ofSeconds(5));
            assertThat(log.lines()).noneMatch(l -> l.contains("says ready"));
        }
    }

    @Test
    void withoutALeaderAnOlderStaleAnswerIsNotAppliedAndTheFailureShows() {
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));
        ConsulKvDouble.Follower lagging = consul.freezeFollower(Duration.ofSeconds(20), false);
        consul.put(KEY, "drain");
        awaitFile("drain\n", ONE_SECOND);

        consul.loseLeader();
        consul.staleReadsFrom(lagging);
        Await.until(() -> watch().state().lastError(), e -> e.isPresent() && e.get().contains(ConsulKvDouble.NO_LEADER),
                Duration.ofSeconds(10), "the watch to report that no leader confirms the stale answer");
        assertThat(node.statusFileContents()).isEqualTo("drain\n");

        consul.electLeader();
        consul.staleReadsFromLeader();
        Await.until(() -> watch().state().connected(), c -> c, Duration.ofSeconds(35), "the watch to recover");
        consul.put(KEY, "maint");
        awaitFile("maint\n", Duration.ofSeconds(5));
    }

    @Test
    void indexesPast2To63AreUnsignedNumbers() {
        consul.jumpIndexTo(Long.MIN_VALUE + 1000); // 2^63 + 1000
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));
        consul.put(KEY, "drain");
        awaitFile("drain\n", ONE_SECOND);
        String index = Long.toUnsignedString(consul.index());
        Await.until(() -> Long.toUnsignedString(watch().state().index()), index::equals,
                "the watch to block on index " + index);
        assertThat(watch().state().errors()).isZero();
    }

    @Test
    void aHeldQueryCutByTheNetworkIsAskedAgainAtOnceWithoutAWarning() {
        consul.put(KEY, "ready");
        consul.cutIdleConnectionsAfter(Duration.ofMillis(1500)); // a NAT with a short idle timeout
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching(Duration.ofSeconds(30), Optional.empty());
            awaitFile("ready\n", Duration.ofSeconds(5));
            Await.until(consul::cuts, n -> n >= 3, Duration.ofSeconds(15), "three held queries cut");
            consul.put(KEY, "drain");
            awaitFile("drain\n", ONE_SECOND);
            assertThat(watch().state().errors()).isZero();
            assertThat(watch().state().connected()).isTrue();
            assertThat(log.lines()).noneMatch(l -> l.contains("failed"));
        }
    }

    @Test
    void aServerThatCutsEveryQueryAtOnceIsBackedOffNotSpunOn() {
        consul.put(KEY, "ready");
        consul.cutIdleConnectionsAfter(Duration.ZERO);
        long started = System.nanoTime();
        startWatching(Duration.ofSeconds(30), Optional.empty());
        Await.until(() -> watch().state().errors(), n -> n >= 3, Duration.ofSeconds(15), "three failed attempts");
        long cuts = consul.cuts();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        // a cut at once is a failure with its back-off; only a query held a second or more may be asked
        // again at once (a loaded machine can hold one that long), so a spinning watch would show
        // hundreds of cuts here, and a correct one at most one per failure and one per second
        assertThat(cuts).isLessThanOrEqualTo(watch().state().errors() + 1 + seconds);
        assertThat(watch().state().connected()).isFalse();
    }

    @Test
    void connectedAgainAsSoonAsConsulAnswersNotAfterAHeldQuery() {
        consul.put(KEY, "ready");
        try (LogCapture log = LogCapture.messages(ConsulWatch.class)) {
            startWatching(Duration.ofSeconds(60), Optional.empty());
            awaitFile("ready\n", Duration.ofSeconds(5));
            Await.until(consul::holds, n -> n >= 1, "the blocking query to be held");
            consul.refuse();
            Await.until(() -> watch().state().connected(), c -> !c, "the watch to notice the outage");
            consul.resume();
            Await.until(() -> watch().state().connected(), c -> c, Duration.ofSeconds(5),
                    "the watch to show connected again within the back-off, not after a 60 s hold");
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("works again")),
                    "the recovery to be logged");
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "'', 'no ACL token was sent'",
        "the-wrong-one, 'Consul does not know the ACL token'",
    })
    void consulsAclAnswersAreToldApart(String token, String told) {
        consul.requireToken("the-right-one");
        consul.put(KEY, "drain");
        startWatching(Duration.ofSeconds(2), token.isEmpty() ? Optional.empty() : Optional.of(new ConsulToken(token)));
        Await.until(() -> watch().state().lastError(), Optional::isPresent, "the watch to fail");
        assertThat(watch().state().lastError()).hasValueSatisfying(e -> assertThat(e).contains("403").contains(told));
        assertThat(node.statusFileContents()).isEqualTo("ready");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "500, No cluster leader",
        "429, Too Many Requests",
        "503, rpc error making call: EOF",
    })
    void serverErrorsAreBackedOffAndTheWatchRecovers(int status, String body) {
        consul.put(KEY, "ready");
        startWatching();
        awaitFile("ready\n", Duration.ofSeconds(5));
        consul.failWith(status, body);
        Await.until(() -> watch().state().lastError(), e -> e.isPresent() && e.get().contains(status + ": " + body),
                Duration.ofSeconds(5), "the watch to report " + status);
        assertThat(node.statusFileContents()).isEqualTo("ready\n");
        consul.heal();
        consul.put(KEY, "drain");
        awaitFile("drain\n", Duration.ofSeconds(10));
        List<ConsulKvDouble.Request> failed = consul.requests().stream().filter(r -> r.status() == status).toList();
        assertThat(failed).isNotEmpty();
    }
}
