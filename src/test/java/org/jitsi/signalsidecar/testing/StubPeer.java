package org.jitsi.signalsidecar.testing;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake jicofo or prosody on 127.0.0.1 whose answers a test sets per path: a status and body, a
 * hang (accept, never answer), or nothing listening at all ({@link #refuse()}). Its canned bodies
 * ({@link #jicofoStats}, {@link #BOSH_PAGE}, {@link #CENSUS_TWO_ROOMS}) are shaped like the real peers'.
 */
public final class StubPeer implements AutoCloseable {
    /** One canned answer; {@code contentType} empty sends none (prosody's census does that). */
    public record Reply(int status, Optional<String> contentType, byte[] body, boolean hang) {
        public static Reply of(int status, String contentType, String body) {
            return new Reply(status, Optional.of(contentType), body.getBytes(StandardCharsets.UTF_8), false);
        }

        public static Reply hanging() {
            return new Reply(200, Optional.empty(), new byte[0], true);
        }
    }

    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> lastHost = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile WebServer server;
    private volatile int port;

    private StubPeer(Map<String, Reply> initial) {
        replies.putAll(initial);
        start(0);
    }

    /** A healthy jicofo: {@code /about/health} 200 {@code OK}, {@code /stats} with 12 participants in 3 conferences. */
    public static StubPeer jicofo() {
        return new StubPeer(Map.of(
                "/about/health", Reply.of(200, "text/plain; charset=UTF-8", "OK"),
                "/stats", Reply.of(200, "application/json", jicofoStats(12, 3))));
    }

    /** A healthy prosody: the BOSH page at {@code /http-bind}, two rooms (3 and 5 participants) at {@code /room-census}. */
    public static StubPeer prosody() {
        return new StubPeer(Map.of(
                "/http-bind", Reply.of(200, "text/html; charset=utf-8", BOSH_PAGE),
                "/room-census", new Reply(200, Optional.empty(), CENSUS_TWO_ROOMS.getBytes(StandardCharsets.UTF_8), false)));
    }

    /** jicofo's {@code /stats} as a real jicofo writes it, idle fields included ({@code "average":"NaN"}). */
    public static String jicofoStats(long participants, long conferences) {
        return "{\"total_participants\":" + (participants * 3) + ",\"total_conferences_created\":" + (conferences * 2)
                + ",\"conferences\":" + conferences + ",\"conferences_with_visitors\":0,"
                + "\"bridge_failures\":{\"participants_moved\":0,\"bridges_removed\":0},"
                + "\"participant_notifications\":{\"ice_failed\":0,\"request_restart\":0},"
                + "\"largest_conference\":0,\"participants\":" + participants + ",\"visitors\":0,"
                + "\"conference_sizes\":{\"average\":\"NaN\",\"max\":0,\"min\":0,\"total_value\":0,\"total_count\":0,"
                + "\"discarded\":0,\"buckets\":{\"0_to_1\":0,\"1_to_2\":0,\"p99_upper_bound\":-1}},"
                + "\"endpoint_pairs\":0,\"jibri\":{\"recording_active\":0},\"queues\":{},"
                + "\"bridge_selector\":{\"bridge_count\":1,\"operational_bridge_count\":1},"
                + "\"jibri_detector\":{\"count\":0,\"available\":0},\"jigasi\":{},\"threads\":33,"
                + "\"jingle\":{\"sent\":{},\"received\":{}},\"version\":\"1.1.SNAPSHOT\",\"slow_health_check\":0,"
                + "\"healthy\":true,\"health\":{\"success\":true,\"hardFailure\":true,\"responseCode\":null,"
                + "\"sticky\":false,\"message\":null}}";
    }

    public static final String BOSH_PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            + "<title>Prosody BOSH endpoint</title>\n</head>\n<body>\n<h1> Prosody BOSH endpoint</h1>\n"
            + "<p>It works! Now point your BOSH client to this URL to connect to Prosody.</p>\n</body>\n</html>\n";

    public static final String CENSUS_TWO_ROOMS = "{\"room_census\":[{\"room_name\":\"room2@conference.meet.test\","
            + "\"leaked\":false,\"participants\":3},{\"participants\":5,\"room_name\":\"room1@conference.meet.test\","
            + "\"leaked\":false}]}";

    public void reply(String path, Reply reply) {
        replies.put(path, reply);
    }

    public void reply(String path, int status, String contentType, String body) {
        reply(path, Reply.of(status, contentType, body));
    }

    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    /** The {@code Host} header of the latest request to {@code path}. */
    public Optional<String> lastHost(String path) {
        return Optional.ofNullable(lastHost.get(path));
    }

    /** Stops listening: connections are refused until {@link #resume()}. */
    public void refuse() {
        server.stop();
    }

    /** Listens again on the same port; does nothing while it is listening. */
    public void resume() {
        if (!server.isRunning()) {
            start(port);
        }
    }

    private void start(int onPort) {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(onPort)
                // no discovered observe feature: the stub answers every path itself, /observe/* included
                .featuresDiscoverServices(false)
                .routing(routing -> routing.any(this::handle))
                .build()
                .start();
        port = server.port();
    }

    private void handle(ServerRequest req, ServerResponse res) throws InterruptedException {
        String path = req.path().path();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        req.headers().first(HeaderNames.HOST).ifPresent(host -> lastHost.put(path, host));
        Reply reply = replies.get(path);
        if (reply == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        if (reply.hang()) {
            closed.await(60, TimeUnit.SECONDS);
            return;
        }
        res.status(Status.create(reply.status()));
        reply.contentType().ifPresent(type -> res.header(HeaderNames.CONTENT_TYPE, type));
        res.send(reply.body());
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop();
    }
}
