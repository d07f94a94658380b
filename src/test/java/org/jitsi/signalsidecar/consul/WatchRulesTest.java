package org.jitsi.signalsidecar.consul;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch's decisions about each answer, as a table. */
class WatchRulesTest {
    private static final Duration MAX_STALE = Duration.ofSeconds(5);

    /**
     * @param seen        what was acted on: {@code -} nothing, {@code 57} an entry of that ModifyIndex,
     *                    {@code 404@57} a missing key seen at index 57
     * @param answer      the same notation for the answer
     * @param server      {@code leader} (consistent), {@code fresh} (stale, in touch), {@code lagging}
     *                    (stale, last contact 30 s ago) or {@code leaderless} (stale, no known leader)
     */
    @ParameterizedTest(name = "seen {0}, {2} answers {1} -> {3}")
    @CsvSource({
        "-, 57, fresh, APPLY",               // the first answer
        "-, 57, lagging, CONFIRM",           // ... unless its server is out of touch
        "-, 57, leaderless, CONFIRM",
        "-, 57, leader, APPLY",
        "57, 57, fresh, KEEP",               // the wait ran out
        "57, 57, lagging, KEEP",             // nothing changes, whoever says so
        "57, 90, fresh, APPLY",              // a write
        "57, 90, lagging, CONFIRM",          // a write, seen by a server out of touch
        "90, 57, fresh, CONFIRM",            // older than what was applied: a lagging follower, or a restore
        "90, 57, leader, APPLY",             // the leader says the index went back: a restore
        "-, 404@12, fresh, APPLY",           // missing from the start: logged
        "404@12, 404@40, fresh, KEEP",       // still missing while other keys change
        "57, 404@90, fresh, APPLY",          // deleted
        "57, 404@40, fresh, CONFIRM",        // a follower from before the key was written
        "404@90, 57, fresh, CONFIRM",        // the entry from before its deletion
        "404@90, 95, fresh, APPLY",          // written again
        "18446744073709551000, 9, fresh, CONFIRM", // unsigned: 2^64 - 616 is newer than 9
        "9, 18446744073709551000, fresh, APPLY",
    })
    void eachAnswerIsJudgedAgainstWhatWasActedOn(String seen, String answer, String server, WatchRules.Verdict verdict) {
        WatchRules.Served served = switch (server) {
            case "leader" -> WatchRules.Served.LEADER;
            case "fresh" -> new WatchRules.Served(false, true, Duration.ofMillis(30));
            case "lagging" -> new WatchRules.Served(false, true, Duration.ofSeconds(30));
            case "leaderless" -> new WatchRules.Served(false, false, Duration.ofMillis(30));
            default -> throw new IllegalArgumentException(server);
        };
        Optional<WatchRules.Seen> acted = seen.equals("-") ? Optional.empty()
                : Optional.of(new WatchRules.Seen(position(seen), seen.startsWith("404@")));
        assertThat(WatchRules.judge(acted, answer.startsWith("404@"), position(answer), served, MAX_STALE))
                .isEqualTo(verdict);
    }

    private static long position(String text) {
        return Long.parseUnsignedLong(text.startsWith("404@") ? text.substring(4) : text);
    }

    @Test
    void aLastContactAtTheLimitIsStillInTouch() {
        assertThat(new WatchRules.Served(false, true, MAX_STALE).outOfTouch(MAX_STALE)).isFalse();
        assertThat(new WatchRules.Served(false, true, MAX_STALE.plusMillis(1)).outOfTouch(MAX_STALE)).isTrue();
        assertThat(new WatchRules.Served(true, false, Duration.ofDays(1)).outOfTouch(MAX_STALE)).isFalse();
    }

    @ParameterizedTest(name = "blocking {0}, held {1} ms -> normal end {2}")
    @CsvSource({
        "true, 1500, true",    // a NAT's idle timeout
        "true, 1000, true",
        "true, 999, false",    // cut at once: a failure, backed off
        "false, 5000, false",  // a read that does not block has no reason to be cut
    })
    void aCutEndsAHeldQueryOnlyAfterItWasHeldAWhile(boolean blocking, long heldMillis, boolean normal) {
        assertThat(WatchRules.cutIsNormalEnd(blocking, Duration.ofMillis(heldMillis))).isEqualTo(normal);
    }
}
