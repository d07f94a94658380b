package org.jitsi.signalsidecar.http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /fleet} over a socket: there only when the sidecar publishes its report, and honest when Consul is away. */
class FleetPageIT {
    @TempDir
    Path dir;
    private ConsulKvDouble consul;
    private SidecarHarness node;

    @BeforeEach
    void setUp() {
        consul = new ConsulKvDouble();
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
        consul.close();
    }

    private ConsulSettings publishing(boolean publish) {
        return new ConsulSettings(URI.create(consul.origin()), Optional.empty(), false, FleetShards.STATES + "shard-01",
                publish, FleetShards.REPORTS + "shard-01", Duration.ofSeconds(1), false, Duration.ofSeconds(5));
    }

    @Test
    void noFleetPageWithoutReportPublishing() {
        node.start(node.config().consul(publishing(false)));

        assertThat(node.get("/fleet").statusCode()).isEqualTo(404);
        assertThat(node.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void theOwnShardAppearsAndAnAbsentConsulIsSaid() {
        node.start(node.config().consul(publishing(true)));
        Await.until(() -> consul.value(FleetShards.REPORTS + "shard-01"), Optional::isPresent, Duration.ofSeconds(10),
                "the first report");
        assertThat(consul.requests()).as("no read of the fleet before anyone looks")
                .noneMatch(r -> r.query().containsKey("recurse"));
        Await.until(() -> node.get("/fleet").body(), b -> b.contains("<td>shard-01</td>"), Duration.ofSeconds(10),
                "the sidecar's own report on /fleet");
        HttpResponse<String> page = node.get("/fleet");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'none'"));
        assertThat(page.body()).contains("1 shard: 1 fresh and healthy");

        consul.refuse();
        // the held query is cut first, then reads are refused
        Await.until(() -> node.get("/fleet").body(), b -> b.contains("<p class=\"verdict\" id=\"verdict\">NO ANSWER</p>"),
                Duration.ofSeconds(10), "the page to say Consul does not answer");
        // either read (the reports, or the desired states beside them) may be the one that finds Consul away
        assertThat(node.get("/fleet").body()).containsPattern(
                        "Consul did not answer: the read of (signal-report|shard-states)/prod/ failed: ")
                .doesNotContain("<td>shard-01</td>");
    }
}
