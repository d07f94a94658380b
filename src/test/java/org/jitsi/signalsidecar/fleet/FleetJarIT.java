package org.jitsi.signalsidecar.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.consul.KvEntry;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.FleetShards;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar signal-sidecar.jar fleet …} as an operator runs it, with the sidecar's variables. */
class FleetJarIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String JAR = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");

    @TempDir
    Path dir;
    private ConsulKvDouble consul;

    @BeforeEach
    void setUp() {
        consul = new ConsulKvDouble();
    }

    @AfterEach
    void tearDown() {
        consul.close();
    }

    private int run(String... args) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("config.yaml"), "{}\n");
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(Map.of("SIGNAL_SIDECAR_CONFIG", dir.resolve("config.yaml").toString(),
                "CONSUL_HTTP_ADDR", consul.origin(),
                "CONSUL_REPORT_KEY", FleetShards.REPORTS + "shard-01",
                "CONSUL_STATUS_KEY", FleetShards.STATES + "shard-01"));
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private String file(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void theTableAndACheckedWriteFromTheJar() throws Exception {
        FleetShards.Env env = FleetShards.fifty(Instant.now());
        for (KvEntry e : env.reports()) {
            consul.put(e.key(), e.value().orElseThrow());
        }
        for (KvEntry e : env.states()) {
            consul.put(e.key(), e.value().orElseThrow());
        }

        assertThat(run("fleet")).isEqualTo(1);
        assertThat(file("stdout").lines().filter(l -> l.startsWith("shard-"))).hasSize(50);
        assertThat(file("stdout")).contains("50 shards: 43 fresh and healthy, 2 unhealthy, 2 stale");
        assertThat(file("stderr")).isEmpty();

        assertThat(run("fleet", "drain", "shard-02", "--no-wait")).isEqualTo(0);
        assertThat(file("stdout")).isEqualTo("shard-02: wrote drain to shard-states/prod/shard-02.\n");
        assertThat(consul.value(FleetShards.STATES + "shard-02")).contains("drain");
    }

    @Test
    void consulAwayIsExitTwo() throws Exception {
        consul.refuse();

        assertThat(run("fleet", "--json")).isEqualTo(2);
        assertThat(file("stderr")).startsWith("signal-sidecar: Consul did not answer:");
    }
}
