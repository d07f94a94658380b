package org.jitsi.signalsidecar.fleet;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.common.tls.TlsConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.config.CommandLine;
import org.jitsi.signalsidecar.config.ConfigLoader;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet commands over HTTPS with client certificates and an ACL token, configured only through
 * Consul's own variables and the two key settings, as on a host set up for Consul's tools.
 */
class FleetTlsIT {
    private static final String TOKEN = "8d0e4f1a-acl-token";
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    @TempDir
    Path dir;
    private final TestCertificates ca = TestCertificates.authority("Consul Agent CA");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ConsulKvDouble consul;
    private SidecarConfig config;

    @BeforeEach
    void setUp() throws IOException {
        TestCertificates.Issued server = ca.issue("server.dc1.consul");
        Tls serverTls = TlsConfig.builder()
                .privateKey(server.key())
                .privateKeyCertChain(List.of(server.certificate()))
                .trust(List.of(ca.certificate()))
                .clientAuth(TlsClientAuth.REQUIRED)
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE)
                .build();
        consul = new ConsulKvDouble(serverTls);
        consul.requireToken(TOKEN);
        TestCertificates.Issued client = ca.issue("client.dc1.consul");
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", consul.origin());
        env.put("CONSUL_HTTP_TOKEN", TOKEN);
        env.put("CONSUL_CACERT", TestCertificates.writeCertificate(dir.resolve("ca.pem"), ca.certificate()).toString());
        env.put("CONSUL_CLIENT_CERT", TestCertificates.writeCertificate(dir.resolve("c.pem"), client.certificate()).toString());
        env.put("CONSUL_CLIENT_KEY", TestCertificates.writeSec1Key(dir.resolve("c-key.pem"), client.key()).toString());
        env.put("CONSUL_TLS_SERVER_NAME", "server.dc1.consul");
        env.put("CONSUL_STATUS_KEY", FleetShards.STATES + "shard-01");
        env.put("CONSUL_REPORT_KEY", FleetShards.REPORTS + "shard-01");
        env.put("CONSUL_REPORTS_INTERVAL", "10");
        config = ConfigLoader.load(Optional.of(Files.writeString(dir.resolve("config.yaml"), "{}\n")), env).config();
    }

    @AfterEach
    void tearDown() {
        consul.close();
    }

    private int run(String... args) {
        return new FleetCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new MutableClock(NOW), (delay, woken) -> { }, false)
                .run(CommandLine.parse(args, Map.of()).fleet().orElseThrow(), config);
    }

    @Test
    void readsAndWritesOverMutualTlsWithTheToken() {
        consul.put(FleetShards.REPORTS + "shard-01", FleetShards.report(NOW.minusSeconds(2), true, "ready", 100, 4, 1, 0));
        consul.put(FleetShards.STATES + "shard-01", "ready");

        assertThat(run("fleet")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("shard-01  yes      ready   ready    100%");

        assertThat(run("fleet", "maint", "shard-01", "--no-wait")).isEqualTo(0);
        assertThat(consul.value(FleetShards.STATES + "shard-01")).contains("maint");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(consul.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.token()).hasValue(TOKEN));
    }
}
