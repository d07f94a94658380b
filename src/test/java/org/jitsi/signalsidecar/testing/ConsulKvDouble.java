package org.jitsi.signalsidecar.testing;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Consul agent's KV HTTP API on 127.0.0.1, as Consul documents it, for the sidecar's Consul
 * client to be tested against (no Consul can be installed on these machines):
 * <ul>
 *   <li>{@code GET /v1/kv/<key>}: 200 with {@code [{"LockIndex":0,"Key":…,"Flags":0,"Value":<base64 or null>,
 *       "CreateIndex":…,"ModifyIndex":…}]}, or 404 with an empty body for a missing key; always an
 *       {@code X-Consul-Index} header: the key's {@code ModifyIndex}, or for a missing key the KV
 *       store's latest index (at least 1). {@code ?raw} answers the value's bytes alone.</li>
 *   <li>Blocking queries: with {@code index} > 0 the answer is held until that header would exceed
 *       {@code index}, or until {@code wait} ({@code 10s}, {@code 1500ms}, {@code 5m}; default 5 min,
 *       at most 10 min) plus a random extra of up to {@code wait/16} has passed. {@code stale} and
 *       {@code consistent} are accepted (both at once is a 400, as in Consul).</li>
 *   <li>{@code PUT /v1/kv/<key>}: stores the body as the value (at most 512 KiB, else 413), moves the
 *       index on by one, answers {@code true}; {@code ?flags=} and {@code ?cas=} as documented.
 *       {@code DELETE /v1/kv/<key>} removes it and moves the index on.</li>
 *   <li>ACLs: with {@link #requireToken} set, a request without that {@code X-Consul-Token} gets 403
 *       {@code Permission denied} (Consul's answer for an unknown or insufficient token).</li>
 * </ul>
 * Tests also change the store directly ({@link #put}, {@link #delete}), simulate a snapshot
 * restore that moves the index backwards ({@link #restore}), a misbehaving server that answers
 * blocking queries at once ({@link #answerAtOnce}), and an outage ({@link #refuse}, {@link #resume}).
 * Every request is recorded ({@link #requests}).
 */
public final class ConsulKvDouble implements AutoCloseable {
    private static final int MAX_VALUE_BYTES = 512 * 1024;
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    /** One stored key. */
    private record Entry(byte[] value, long flags, long createIndex, long modifyIndex) {
    }

    /**
     * One request as the double received it.
     *
     * @param method  GET, PUT, DELETE...
     * @param key     the key after {@code /v1/kv/}
     * @param query   the query parameters (a parameter without value maps to "")
     * @param token   the {@code X-Consul-Token} header, if sent
     * @param body    the request body (PUT)
     * @param arrived when it arrived
     * @param answered when the answer was sent, e.g. after a blocking hold
     * @param status  the status answered
     */
    public record Request(String method, String key, Map<String, String> query, Optional<String> token, byte[] body,
                          Instant arrived, Instant answered, int status) {
        public boolean blocking() {
            return query.containsKey("index") && !query.get("index").equals("0");
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> store = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private long index = 1;
    private boolean closed;
    /** Moves on at each {@link #refuse()}: readers held from before return. */
    private long epoch;
    private int holding;
    private volatile boolean atOnce;
    private volatile Optional<String> requiredToken = Optional.empty();
    private volatile WebServer server;
    private volatile int port;

    public ConsulKvDouble() {
        start(0);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Writes {@code value} as a PUT would: the index moves on and blocked readers of the key wake. */
    public long put(String key, String value) {
        lock.lock();
        try {
            index++;
            Entry old = store.get(key);
            store.put(key, new Entry(value.getBytes(StandardCharsets.UTF_8), old == null ? 0 : old.flags(),
                    old == null ? index : old.createIndex(), index));
            changed.signalAll();
            return index;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes {@code key}: the index moves on and blocked readers wake (to a 404). */
    public void delete(String key) {
        lock.lock();
        try {
            index++;
            store.remove(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot restore: the store becomes {@code values}, all written at {@code atIndex}, which may
     * be lower than the index before (it must be at least 1); blocked readers wake at once.
     */
    public void restore(Map<String, String> values, long atIndex) {
        lock.lock();
        try {
            store.clear();
            index = atIndex;
            values.forEach((key, value) -> store.put(key,
                    new Entry(value.getBytes(StandardCharsets.UTF_8), 0, atIndex, atIndex)));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stored value of {@code key}, as text. */
    public Optional<String> value(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(store.get(key)).map(e -> new String(e.value(), StandardCharsets.UTF_8));
        } finally {
            lock.unlock();
        }
    }

    /** The KV store's latest index. */
    public long index() {
        lock.lock();
        try {
            return index;
        } finally {
            lock.unlock();
        }
    }

    /** How many blocking queries are being held right now. */
    public int holding() {
        lock.lock();
        try {
            return holding;
        } finally {
            lock.unlock();
        }
    }

    /** Misbehave as Consul's documentation warns a server can: answer blocking queries at once, index unchanged. */
    public void answerAtOnce(boolean enabled) {
        atOnce = enabled;
    }

    /** Answer 403 to every request without this {@code X-Consul-Token}. */
    public void requireToken(String token) {
        requiredToken = Optional.of(token);
    }

    /** Accept requests with or without a token again. */
    public void acceptAnyToken() {
        requiredToken = Optional.empty();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Stops listening: connections are refused until {@link #resume()}; blocked readers are cut off. */
    public void refuse() {
        lock.lock();
        try {
            epoch++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        server.stop();
    }

    /** Listens again on the same port. */
    public void resume() {
        if (!server.isRunning()) {
            start(port);
        }
    }

    private void start(int onPort) {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(onPort)
                .featuresDiscoverServices(false) // no observe feature: the double answers every path itself
                .routing(routing -> routing.any(this::handle))
                .build()
                .start();
        port = server.port();
    }

    private void handle(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        Instant arrived = Instant.now();
        String path = req.path().rawPath();
        Map<String, String> query = query(req.query().rawValue());
        Optional<String> token = req.headers().first(HeaderNames.create("X-Consul-Token"));
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_VALUE_BYTES + 1);
        }
        String method = req.prologue().method().text();
        String key = path.startsWith("/v1/kv/") ? URLDecoder.decode(path.substring(7), StandardCharsets.UTF_8) : path;
        int status = answer(req.prologue().method(), path, key, query, token, body, res);
        requests.add(new Request(method, key, Map.copyOf(query), token, body, arrived, Instant.now(), status));
    }

    private int answer(Method method, String path, String key, Map<String, String> query, Optional<String> token,
                       byte[] body, ServerResponse res) throws InterruptedException {
        if (!path.startsWith("/v1/kv/") || key.isEmpty()) {
            return text(res, 404, "404 page not found");
        }
        if (requiredToken.isPresent() && !requiredToken.equals(token)) {
            return text(res, 403, "Permission denied");
        }
        if (query.containsKey("stale") && query.containsKey("consistent")) {
            return text(res, 400, "Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        if (method.equals(Method.GET)) {
            return get(key, query, res);
        }
        if (method.equals(Method.PUT)) {
            return put(key, query, body, res);
        }
        if (method.equals(Method.DELETE)) {
            delete(key);
            return text(res, 200, "true");
        }
        res.header(HeaderNames.ALLOW, "GET, PUT, DELETE");
        return text(res, 405, "method " + method.text() + " not allowed");
    }

    private int get(String key, Map<String, String> query, ServerResponse res) throws InterruptedException {
        long minIndex;
        Duration wait;
        try {
            minIndex = Long.parseLong(query.getOrDefault("index", "0"));
            wait = query.containsKey("wait") ? goDuration(query.get("wait")) : DEFAULT_WAIT;
        } catch (IllegalArgumentException e) {
            return text(res, 400, "Invalid wait time or index");
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        Entry entry;
        long resultIndex;
        lock.lock();
        try {
            if (minIndex > 0 && !atOnce) {
                long jitter = wait.toNanos() / 16 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait.toNanos() / 16);
                long deadline = System.nanoTime() + wait.toNanos() + jitter;
                long restoredAt = index;
                long heldSince = epoch;
                holding++;
                try {
                    while (!closed && resultIndex(key) <= minIndex && index >= restoredAt && epoch == heldSince) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        changed.awaitNanos(left);
                    }
                } finally {
                    holding--;
                }
            }
            entry = store.get(key);
            resultIndex = resultIndex(key);
        } finally {
            lock.unlock();
        }
        res.header(HeaderNames.create("X-Consul-Index"), Long.toString(resultIndex));
        res.header(HeaderNames.create("X-Consul-KnownLeader"), "true");
        res.header(HeaderNames.create("X-Consul-LastContact"), "0");
        if (entry == null) {
            res.status(Status.NOT_FOUND_404).send();
            return 404;
        }
        if (query.containsKey("raw")) {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.status(Status.OK_200).send(entry.value());
            return 200;
        }
        String value = entry.value().length == 0 ? "null"
                : "\"" + Base64.getEncoder().encodeToString(entry.value()) + "\"";
        String json = "[{\"LockIndex\":0,\"Key\":\"" + key.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"Flags\":" + entry.flags() + ",\"Value\":" + value + ",\"CreateIndex\":" + entry.createIndex()
                + ",\"ModifyIndex\":" + entry.modifyIndex() + "}]";
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(Status.OK_200).send(json);
        return 200;
    }

    /** The {@code X-Consul-Index} of a read of {@code key}: its ModifyIndex, or the store's index when missing. */
    private long resultIndex(String key) {
        Entry entry = store.get(key);
        return entry != null ? entry.modifyIndex() : Math.max(1, index);
    }

    private int put(String key, Map<String, String> query, byte[] body, ServerResponse res) {
        if (body.length > MAX_VALUE_BYTES) {
            return text(res, 413, "Request body(" + body.length + " bytes) too large, max size: " + MAX_VALUE_BYTES
                    + " bytes.");
        }
        long flags;
        Optional<Long> cas;
        try {
            flags = Long.parseUnsignedLong(query.getOrDefault("flags", "0"));
            cas = query.containsKey("cas") ? Optional.of(Long.parseLong(query.get("cas"))) : Optional.empty();
        } catch (NumberFormatException e) {
            return text(res, 400, "Invalid flags or cas");
        }
        lock.lock();
        try {
            Entry old = store.get(key);
            if (cas.isPresent() && (cas.get() == 0 ? old != null : old == null || old.modifyIndex() != cas.get())) {
                return text(res, 200, "false");
            }
            index++;
            store.put(key, new Entry(body, flags, old == null ? index : old.createIndex(), index));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        return text(res, 200, "true");
    }

    private static int text(ServerResponse res, int status, String body) {
        res.status(Status.create(status)).send(body);
        return status;
    }

    /** Go's time.ParseDuration for the forms Consul users write: {@code 10s}, {@code 1.5s}, {@code 1m30s}, {@code 500ms}. */
    static Duration goDuration(String text) {
        Matcher m = GO_DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos((long) (amount * nanosPerUnit));
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        server.stop();
    }
}
