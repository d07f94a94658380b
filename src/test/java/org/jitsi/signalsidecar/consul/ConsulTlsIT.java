package org.jitsi.signalsidecar.consul;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.common.tls.TlsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConfigLoader;
import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS to Consul as deployments set it up: a private CA, the agent's certificate issued for
 * {@code server.dc1.consul} (not for the address connected to), client certificates required
 * ({@code verify_incoming}), and the sidecar configured only through Consul's own variables.
 */
class ConsulTlsIT {
    private static final String KEY = "shard-states/test/shard-1";
    private static final String TOKEN = "3f1c7a52-acl-token";

    @TempDir
    Path dir;

    private final TestCertificates ca = TestCertificates.authority("Consul Agent CA");
    private ConsulKvDouble consul;
    private SidecarHarness node;
    private Path caFile;
    private Path clientCert;
    private Path clientKey;

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
        Path tls = Files.createDirectory(dir.resolve("tls"));
        caFile = TestCertificates.writeCertificate(tls.resolve("consul-agent-ca.pem"), ca.certificate());
        clientCert = TestCertificates.writeCertificate(tls.resolve("dc1-client-consul-0.pem"), client.certificate());
        clientKey = TestCertificates.writeSec1Key(tls.resolve("dc1-client-consul-0-key.pem"), client.key());
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
        consul.close();
    }

    /** What a host set up for Consul's own tools exports, and the sidecar's two switches. */
    private Map<String, String> consulsVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", consul.origin());
        env.put("CONSUL_HTTP_TOKEN", TOKEN);
        env.put("CONSUL_CACERT", caFile.toString());
        env.put("CONSUL_CLIENT_CERT", clientCert.toString());
        env.put("CONSUL_CLIENT_KEY", clientKey.toString());
        env.put("CONSUL_TLS_SERVER_NAME", "server.dc1.consul");
        env.put("CONSUL_STATUS", "true");
        env.put("CONSUL_STATUS_KEY", KEY);
        env.put("CONSUL_STATUS_WAIT", "2");
        return env;
    }

    private void start(Map<String, String> env) throws IOException {
        Path yaml = Files.writeString(dir.resolve("config.yaml"), "{}\n");
        ConsulSettings settings = ConfigLoader.load(Optional.of(yaml), env).config().consul();
        node.start(node.config().interval(Duration.ofSeconds(30)).consul(settings));
    }

    private ConsulWatch watch() {
        return node.sidecar().consul().watch().orElseThrow();
    }

    private void awaitFile(String contents, Duration within) {
        Await.until(node::statusFileContents, contents::equals, within, "the status file to hold " + contents.strip());
    }

    @Test
    void mutualTlsWithAPrivateCaAndAServerNameWorksEndToEnd() throws IOException {
        consul.put(KEY, "ready");
        start(consulsVariables());
        awaitFile("ready\n", Duration.ofSeconds(5));
        consul.put(KEY, "drain");
        awaitFile("drain\n", Duration.ofSeconds(1));
        // the file is written first, then the poll it asks for publishes the word
        Await.until(node::agent, "up drain 0%\n"::equals, Duration.ofSeconds(2), "the agent to say drain");
        assertThat(watch().state().errors()).isZero();
        assertThat(consul.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.token()).hasValue(TOKEN));
    }

    @Test
    void aPkcs8ClientKeyWorksToo() throws IOException {
        TestCertificates.Issued client = ca.issue("client.dc1.consul");
        Map<String, String> env = consulsVariables();
        env.put("CONSUL_CLIENT_CERT", TestCertificates.writeCertificate(dir.resolve("c.pem"), client.certificate()).toString());
        env.put("CONSUL_CLIENT_KEY", TestCertificates.writePkcs8Key(dir.resolve("c-key.pem"), client.key()).toString());
        consul.put(KEY, "maint");
        start(env);
        awaitFile("maint\n", Duration.ofSeconds(5));
    }

    @Test
    void withoutTheServerNameTheAgentsCertificateDoesNotMatchAndNothingIsApplied() throws IOException {
        Map<String, String> env = consulsVariables();
        env.remove("CONSUL_TLS_SERVER_NAME");
        consul.put(KEY, "drain");
        start(env);
        Await.until(() -> watch().state().lastError(), Optional::isPresent, Duration.ofSeconds(5), "the watch to fail");
        assertThat(node.statusFileContents()).isEqualTo("ready");
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void withoutTheCaTheAgentIsNotTrusted() throws IOException {
        Map<String, String> env = consulsVariables();
        env.remove("CONSUL_CACERT");
        consul.put(KEY, "drain");
        start(env);
        Await.until(() -> watch().state().lastError(), Optional::isPresent, Duration.ofSeconds(5), "the watch to fail");
        assertThat(node.statusFileContents()).isEqualTo("ready");
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void withoutAClientCertificateTheAgentRefusesTheConnection() throws IOException {
        Map<String, String> env = consulsVariables();
        env.remove("CONSUL_CLIENT_CERT");
        env.remove("CONSUL_CLIENT_KEY");
        consul.put(KEY, "drain");
        start(env);
        Await.until(() -> watch().state().lastError(), Optional::isPresent, Duration.ofSeconds(5), "the watch to fail");
        assertThat(node.statusFileContents()).isEqualTo("ready");
        assertThat(consul.requests()).isEmpty();
    }

    @Test
    void verificationOffIsAnExplicitLoggedChoice() throws IOException {
        Map<String, String> env = consulsVariables();
        env.remove("CONSUL_CACERT");
        env.remove("CONSUL_TLS_SERVER_NAME");
        env.put("CONSUL_HTTP_SSL_VERIFY", "false");
        consul.put(KEY, "drain");
        try (LogCapture log = LogCapture.messages(ConsulHttps.class)) {
            start(env);
            awaitFile("drain\n", Duration.ofSeconds(5));
            assertThat(log.lines()).anyMatch(l -> l.contains("not verified"));
        }
    }
}
