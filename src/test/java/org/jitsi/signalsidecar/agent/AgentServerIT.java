package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.NodeStatus;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the agent's socket treats HAProxy and less polite clients. */
class AgentServerIT {
    private static final AgentReply UP_READY = AgentReply.of(new NodeView(true, false, NodeStatus.READY, 100), "",
            AgentExtensions.NONE);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private final Queue<AgentReply> told = new ConcurrentLinkedQueue<>();
    private final AgentServer agent = new AgentServer(new ListenAddress("127.0.0.1", 0), 1024, () -> UP_READY, told::add);

    @AfterEach
    void stop() {
        agent.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", agent.port()), (int) CLIENT_TIMEOUT.toMillis());
        socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
        return socket;
    }

    /** Everything the agent sends until its FIN; a reset fails with "Connection reset". */
    private static String readToEnd(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void replyIsExactlyTheLineAndANewlineThenEndOfStream() throws IOException {
        agent.start();
        try (Socket socket = connect()) {
            assertThat(readToEnd(socket)).isEqualTo("up ready 100%\n");
        }
        Await.until(told::size, n -> n == 1, "the agent to tell of the reply it sent");
        assertThat(told).containsExactly(UP_READY);
    }

    @Test
    void onAVirtualThreadTheAgentAnswersAndClosesCleanlyToo() throws IOException {
        Queue<Boolean> answeredOnVirtual = new ConcurrentLinkedQueue<>();
        System.setProperty(AgentServer.ACCEPTOR_PROPERTY, "virtual");
        try (AgentServer virtual = new AgentServer(new ListenAddress("127.0.0.1", 0), 1024, () -> {
            answeredOnVirtual.add(Thread.currentThread().isVirtual());
            return UP_READY;
        }, told::add)) {
            virtual.start();
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", virtual.port())) {
                    socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
                    socket.getOutputStream().write("signal-node-1\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(readToEnd(socket)).as("connection %d", i).isEqualTo("up ready 100%\n");
                }
            }
        } finally {
            System.clearProperty(AgentServer.ACCEPTOR_PROPERTY);
        }
        assertThat(answeredOnVirtual).hasSize(20).containsOnly(true);
    }

    @Test
    void clientThatSpeaksFirstGetsTheLineAndACleanCloseNotAReset() throws IOException {
        agent.start();
        for (int i = 0; i < 200; i++) {
            try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                out.write("signal-node-1\n".getBytes(StandardCharsets.US_ASCII)); // like HAProxy's agent-send
                out.flush();
                assertThat(readToEnd(socket)).as("connection %d", i).isEqualTo("up ready 100%\n");
                out.write("late words after the reply\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void twoThousandConcurrentConnectionsAreAllAnswered() throws IOException, InterruptedException {
        agent.start();
        int clients = 2000;
        CountDownLatch allAnswered = new CountDownLatch(clients);
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                threads.submit(() -> {
                    try (Socket socket = connect()) {
                        answers.add(readToEnd(socket));
                        allAnswered.countDown();
                        // hold the connection until every client has its answer: all 2000 are open at once
                        allAnswered.await(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (IOException e) {
                        answers.add("failed: " + e);
                    }
                    return null;
                });
            }
            assertThat(allAnswered.await(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("all %d clients answered; got %d", clients, answers.size()).isTrue();
        }
        assertThat(answers).hasSize(clients).allMatch("up ready 100%\n"::equals);
        Await.until(agent::openConnections, n -> n == 0, "the agent to close every connection");
    }

    @Test
    void silentClientIsDroppedWithinTheLingerTimeout() throws IOException {
        agent.start();
        try (Socket silent = connect()) {
            Await.until(agent::openConnections, n -> n == 1, "the agent to hold the silent connection");
            long start = System.nanoTime();
            Await.until(agent::openConnections, n -> n == 0, ClientCloses.LINGER_TIMEOUT.plusSeconds(1),
                    "the agent to drop the silent connection");
            Duration held = Duration.ofNanos(System.nanoTime() - start);
            assertThat(held).isLessThanOrEqualTo(ClientCloses.LINGER_TIMEOUT.plusSeconds(1));
            // what the silent client finds when it finally reads: the line, then end of stream
            assertThat(readToEnd(silent)).isEqualTo("up ready 100%\n");
        }
    }

    @Test
    void clientThatNeverStopsSendingIsCutOffAfterAFewKilobytes() throws IOException {
        agent.start();
        try (Socket chatty = connect()) {
            try {
                chatty.getOutputStream().write(new byte[16 * ClientCloses.MAX_DISCARDED_BYTES]);
            } catch (IOException e) {
                // the agent may already have closed: a reset is what such a client earns
            }
            Await.until(agent::openConnections, n -> n == 0, ClientCloses.LINGER_TIMEOUT.dividedBy(2),
                    "the agent to close a connection that keeps sending");
        }
    }

    @Test
    void sidecarSendsItsSnapshotWithTheConfiguredExtensions(@TempDir Path dir) {
        try (SidecarHarness node = new SidecarHarness(dir)) {
            node.start(node.config().agentExtensions(new AgentExtensions(OptionalInt.of(300), true)));
            Await.until(node::agent, "up ready 100% maxconn:300\n"::equals, "a healthy line");
            node.jicofo.refuse();
            Await.until(node::agent, "down ready 0% maxconn:300 # jicofo health refused the connection\n"::equals,
                    "the line naming the refused jicofo");
        }
    }
}
