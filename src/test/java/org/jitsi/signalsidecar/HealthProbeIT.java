package org.jitsi.signalsidecar;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --healthcheck} against a stub sidecar on a real socket. */
class HealthProbeIT {
    /** The wait of the probe that must give up: short, so the test is quick. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** The wait of the probes that get an answer: long, so a busy machine cannot turn an answer into a timeout. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicReference<Status> HEALTH = new AtomicReference<>(Status.OK_200);
    private static WebServer stub;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final HealthProbe probe = new HealthProbe(ANSWER_TIMEOUT, errStream);

    @BeforeAll
    static void startStub() {
        stub = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .featuresDiscoverServices(false)
                .routing(routing -> routing.get("/health", (req, res) -> res.status(HEALTH.get()).send("{}")))
                .build()
                .start();
    }

    @AfterAll
    static void stopStub() {
        stub.stop();
    }

    @Test
    void exitsZeroWhenHealthAnswers200() {
        HEALTH.set(Status.OK_200);

        assertThat(probe.probe(new ListenAddress("127.0.0.1", stub.port()))).isZero();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void exitsOneWithOneLineWhenHealthAnswersOtherwise() {
        HEALTH.set(Status.SERVICE_UNAVAILABLE_503);
        try {
            assertThat(probe.probe(new ListenAddress("0.0.0.0", stub.port()))).isEqualTo(1);
        } finally {
            HEALTH.set(Status.OK_200);
        }
        assertThat(stderr()).isEqualTo("signal-sidecar: unhealthy: http://127.0.0.1:" + stub.port()
                + "/health answered 503\n");
    }

    @Test
    void exitsOneWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThat(probe.probe(new ListenAddress("127.0.0.1", port))).isEqualTo(1);
        assertThat(stderr()).isEqualTo("signal-sidecar: unhealthy: cannot connect to http://127.0.0.1:" + port
                + "/health\n");
    }

    @Test
    void givesUpAfterTheTimeoutWhenTheSidecarDoesNotAnswer() throws IOException {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            long start = System.nanoTime();

            int status = new HealthProbe(TIMEOUT, errStream).probe(new ListenAddress("127.0.0.1", silent.getLocalPort()));

            assertThat(status).isEqualTo(1);
            // it gives up rather than hang: a bound far above the timeout, so a loaded machine cannot fail it
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_TIMEOUT.multipliedBy(3));
            assertThat(stderr()).isEqualTo("signal-sidecar: unhealthy: no answer from http://127.0.0.1:"
                    + silent.getLocalPort() + "/health within 300 ms\n");
        }
    }

    @Test
    void mainProbesThePortOfTheConfiguration() {
        HEALTH.set(Status.OK_200);
        Map<String, String> env = Map.of("HTTP_HOST", "127.0.0.1", "HTTP_PORT", String.valueOf(stub.port()));

        assertThat(Main.run(new String[] {"--healthcheck"}, env)).isZero();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
