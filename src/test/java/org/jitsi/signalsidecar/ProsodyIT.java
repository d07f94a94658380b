package org.jitsi.signalsidecar;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.LocalSidecar;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar against a real prosody (Debian's package), run by the test as its own process on
 * loopback ports with BOSH and a census module ({@code src/test/resources/prosody-plugins}, since
 * Debian does not ship jitsi-meet's), with rooms occupied by anonymous BOSH clients, stopped and
 * started again; jicofo is a stub.
 */
class ProsodyIT {
    private static final String VIRTUAL_HOST = "meet.test";
    private static final Duration DAMPENING = Duration.ofSeconds(2);
    private static final Duration PROSODY_START = Duration.ofSeconds(15);
    private static final String NO_ROOMS = "{\"room_census\":[]}";

    @TempDir
    Path dir;

    @Test
    void reportFollowsARealProsodyGoingDownAndComingBack() throws IOException {
        Path statusFile = Files.writeString(dir.resolve("shard-status"), "ready\n");
        try (Prosody prosody = new Prosody(RealPeer.executable("prosody"), dir);
             StubPeer jicofo = StubPeer.jicofo()) {
            prosody.start();
            try (LocalSidecar sidecar = LocalSidecar.start(TestConfig.loopback()
                    .peers(jicofo.origin(), prosody.origin()).statusFile(statusFile).census(VIRTUAL_HOST)
                    .interval(Duration.ofMillis(100)).requestTimeout(Duration.ofMillis(500))
                    .flapMitigation(DAMPENING, Duration.ZERO))) {
                JsonNode up = awaitReport(sidecar, r -> r.get("healthy").asBoolean(), "healthy with prosody up", prosody);
                assertThat(up.get("services").get("prosodyHealthy").asBoolean()).isTrue();
                assertThat(up.get("services").get("prosodyStatusCode").asInt()).isEqualTo(200);
                assertThat(up.get("agentmessage").asText()).isEqualTo("up ready 100%");
                assertThat(up.get("stats")).isEqualTo(stats(0, 0));
                assertThat(sidecar.get("/signal/census").body()).isEqualTo(NO_ROOMS);

                // room1: alice and bob, room2: carol; prosody counts occupants minus one (the absent focus)
                Bosh.join(prosody.origin(), "room1@conference." + VIRTUAL_HOST + "/alice");
                Bosh.join(prosody.origin(), "room1@conference." + VIRTUAL_HOST + "/bob");
                Bosh.join(prosody.origin(), "room2@conference." + VIRTUAL_HOST + "/carol");
                JsonNode rooms = Await.until(() -> Json.parse(sidecar.get("/signal/census").body()).get("room_census"),
                        census -> census != null && census.size() == 2, "a census with both rooms");
                assertThat(sidecar.report().get("stats")).isEqualTo(stats(1, 1));
                for (JsonNode room : rooms) {
                    assertThat(room.get("participants").asLong())
                            .isEqualTo(room.get("room_name").asText().startsWith("room1@") ? 1 : 0);
                    assertThat(room.has("leaked")).isTrue();
                }

                prosody.stop();
                JsonNode down = awaitReport(sidecar, r -> !r.get("services").get("prosodyReachable").asBoolean(),
                        "prosody unreachable once stopped", prosody);
                assertThat(down.get("healthy").asBoolean()).isFalse();
                assertThat(down.get("services").get("prosodyHealthy").asBoolean()).isFalse();
                assertThat(down.get("services").get("prosodyStatusCode").asInt()).isZero();
                assertThat(down.get("services").get("prosodySoftDown").asBoolean()).isFalse();
                assertThat(down.get("services").get("jicofoHealthy").asBoolean()).isTrue();
                assertThat(down.get("agentmessage").asText()).isEqualTo("down ready 0%");
                assertThat(sidecar.get("/signal/health").statusCode()).isEqualTo(503);
                JsonNode censusError = Json.parse(sidecar.get("/signal/census").body());
                assertThat(censusError.get("error").asText()).contains("refused the connection");
                assertThat(censusError.get("lastGoodCensusTime").isNull()).isFalse();

                prosody.start();
                JsonNode back = awaitReport(sidecar, r -> r.get("services").get("prosodyHealthy").asBoolean(),
                        "prosody healthy again once restarted", prosody);
                assertThat(back.get("healthy").asBoolean()).as("healthy while damped").isFalse();
                assertThat(back.get("healthdamped").asBoolean()).isTrue();
                JsonNode healthy = awaitReport(sidecar, r -> r.get("healthy").asBoolean(), "healthy after dampening",
                        prosody);
                assertThat(healthy.get("healthdamped").asBoolean()).isFalse();
                assertThat(healthy.get("agentmessage").asText()).isEqualTo("up ready 100%");
                HttpResponse<String> census = sidecar.get("/signal/census");
                assertThat(census.statusCode()).isEqualTo(200);
                assertThat(census.body()).as("rooms do not survive a restart").isEqualTo(NO_ROOMS);
            }
        }
    }

    /** The report's stats: jicofo's (from the stub) and prosody's census. */
    private static JsonNode stats(long prosodyParticipants, long prosodySumSquared) {
        return Json.parse("{\"jicofoParticipants\":12,\"jicofoConferences\":3,\"prosodyParticipants\":"
                + prosodyParticipants + ",\"prosodySumSquaredParticipants\":" + prosodySumSquared + "}");
    }

    private static JsonNode awaitReport(LocalSidecar sidecar, Predicate<JsonNode> condition, String what,
                                        Prosody prosody) {
        try {
            return sidecar.awaitReport(condition, "a report " + what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nprosody's side:" + prosody.log(), e);
        }
    }

    /** An anonymous XMPP client over BOSH that joins a MUC room and stays there until prosody stops. */
    private static final class Bosh {
        private static final Pattern SID = Pattern.compile("sid='([^']+)'");
        private static final String NS = "xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'";

        /** Logs in anonymously and joins {@code occupant} ({@code room@muc/nick}); returns once prosody says it is in. */
        static void join(String origin, String occupant) {
            URI url = URI.create(origin + "/http-bind");
            String session = post(url, "<body rid='1' to='" + VIRTUAL_HOST + "' xml:lang='en' wait='5' hold='1'"
                    + " ver='1.6' xmpp:version='1.0' " + NS + "/>", "ANONYMOUS");
            Matcher sid = SID.matcher(session);
            assertThat(sid.find()).as("BOSH session id in %s", session).isTrue();
            String body = "<body sid='" + sid.group(1) + "' " + NS + " rid=";
            post(url, body + "'2'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/></body>",
                    "<success");
            post(url, body + "'3' to='" + VIRTUAL_HOST + "' xml:lang='en' xmpp:restart='true'/>", "xmpp-bind");
            post(url, body + "'4'><iq type='set' id='bind' xmlns='jabber:client'>"
                    + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq></body>", "<jid>");
            post(url, body + "'5'><presence to='" + occupant + "' xmlns='jabber:client'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'/></presence></body>", "code='110'");
        }

        private static String post(URI url, String body, String expected) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(url)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(response.body()).as("BOSH answer to %s", body).contains(expected);
            return response.body();
        }
    }

    /** One prosody process at a time, always on the same ports, with its config and log in {@code dir}. */
    private static final class Prosody implements AutoCloseable {
        private final Path executable;
        private final Path dir;
        private final Path config;
        private final int httpPort;
        private Process process;

        Prosody(Path executable, Path dir) throws IOException {
            this.executable = executable;
            this.dir = dir;
            this.httpPort = FreePort.pick();
            this.config = Files.writeString(dir.resolve("prosody.cfg.lua"), config(dir, httpPort, FreePort.pick()));
            Files.createDirectories(dir.resolve("data"));
        }

        /**
         * prosody.md's generated config, trimmed to what this test needs: loopback only, no TLS or
         * s2s, memory storage, BOSH with anonymous logins, and the census module on the VirtualHost.
         */
        private static String config(Path dir, int httpPort, int c2sPort) {
            return """
                    -- written by ProsodyIT; everything stays on 127.0.0.1 and in this directory
                    run_as_root = true -- tests may run as root
                    daemonize = false
                    pidfile = "%1$s/prosody.pid"
                    data_path = "%1$s/data"
                    certificates = "%1$s"
                    plugin_paths = { "%2$s" }
                    log = { { levels = { min = "info" }, to = "file", filename = "%1$s/prosody.log" } }
                    interfaces = { "127.0.0.1" }
                    local_interfaces = { "127.0.0.1" }
                    c2s_ports = { %4$d }
                    c2s_interfaces = { "127.0.0.1" }
                    legacy_ssl_ports = { }
                    s2s_ports = { }
                    component_ports = { }
                    http_ports = { %3$d }
                    http_interfaces = { "127.0.0.1" }
                    https_ports = { }
                    https_interfaces = { }
                    modules_enabled = { "saslauth"; "bosh"; "posix"; }
                    modules_disabled = { "s2s"; "tls"; }
                    c2s_require_encryption = false
                    consider_bosh_secure = true
                    storage = "memory"

                    VirtualHost "%5$s"
                        authentication = "anonymous"
                        modules_enabled = { "muc_census"; }

                    Component "conference.%5$s" "muc"
                        restrict_room_creation = false
                        muc_room_locking = false
                    """.formatted(dir, plugins(), httpPort, c2sPort, VIRTUAL_HOST);
        }

        /** Where the test resources put mod_muc_census.lua. */
        private static Path plugins() {
            try {
                return Path.of(ProsodyIT.class.getResource("/prosody-plugins/mod_muc_census.lua").toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        String origin() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** Starts prosody and returns once its HTTP port accepts connections. */
        void start() throws IOException {
            process = new ProcessBuilder(executable.toString(), "-F", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prosody.out").toFile()))
                    .start();
            Process started = process;
            Await.until(() -> accepts(httpPort) || !started.isAlive(), up -> up, PROSODY_START,
                    "prosody to accept HTTP on " + httpPort);
            assertThat(started.isAlive()).as("prosody is running; its log: %s", log()).isTrue();
        }

        /** SIGTERM, as systemd stops it; returns once the process has exited. */
        void stop() {
            process.destroy();
            try {
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("prosody exits after SIGTERM").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping prosody", e);
            }
        }

        /** Prosody's output and log file so far, for failure messages. */
        String log() {
            StringBuilder text = new StringBuilder();
            for (String name : new String[] {"prosody.out", "prosody.log"}) {
                Path file = dir.resolve(name);
                try {
                    if (Files.exists(file)) {
                        text.append('\n').append(name).append(":\n").append(Files.readString(file, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    text.append('\n').append(name).append(": unreadable: ").append(e.getMessage());
                }
            }
            return text.toString();
        }

        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
