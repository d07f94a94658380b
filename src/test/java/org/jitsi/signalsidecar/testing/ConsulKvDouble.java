package org.jitsi.signalsidecar.testing;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Consul agent's KV HTTP API on 127.0.0.1, strict where a real cluster is unkind, for the
 * sidecar's Consul client to be tested against (no Consul can be installed on these machines):
 * <ul>
 *   <li>{@code GET /v1/kv/<key>}: 200 with {@code [{"LockIndex":0,"Key":…,"Flags":0,"Value":<base64 or null>,
 *       "CreateIndex":…,"ModifyIndex":…}]}, or 404 with an empty body for a missing key; always an
 *       {@code X-Consul-Index} header (the key's {@code ModifyIndex}, or for a missing key the KV
 *       store's latest index), {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact}.
 *       {@code ?raw} answers the value's bytes alone; {@code ?recurse} every entry under the key as a
 *       prefix, in key order (404 when none), its index the highest ModifyIndex among them.</li>
 *   <li>Indexes are unsigned 64-bit Raft indexes: they start large and jump by a random amount at
 *       each write, as in a cluster where other keys and other tables are written too
 *       ({@link #jumpIndexTo} moves past 2<sup>63</sup>).</li>
 *   <li>Blocking queries: with {@code index} > 0 the answer is held until that header would exceed
 *       {@code index}, or until {@code wait} ({@code 10s}, {@code 1500ms}, {@code 5m}; default 5 min,
 *       at most 10 min) plus a random extra of up to {@code wait/16} has passed.</li>
 *   <li>Servers: {@code ?stale} reads may be answered by a lagging follower ({@link #freezeFollower},
 *       {@link #staleReadsFrom}): older data, a lower index, and the follower's {@code X-Consul-LastContact}.
 *       Other reads ({@code ?consistent} or none) go to the leader; without one ({@link #loseLeader}) they
 *       get 500 {@code No cluster leader}. {@code stale} with {@code consistent} is a 400.</li>
 *   <li>{@code PUT /v1/kv/<key>}: stores the body (at most 512 KiB, else 413), answers {@code true};
 *       {@code ?flags=} and {@code ?cas=} as documented. {@code DELETE} removes the key.</li>
 *   <li>Keys: outside Consul's recommended characters ({@code a-zA-Z0-9,_./-}) every request fails
 *       with 500, as the sidecar must never rely on.</li>
 *   <li>ACLs: with {@link #requireToken} set, a request without a token gets 403
 *       {@code Permission denied: anonymous token lacks permission 'key:read' on "<key>"} (or
 *       {@code key:write}), one with another token 403 {@code ACL not found}.</li>
 *   <li>Faults: every request answered with one status ({@link #failWith}: 500, 429, 503...),
 *       connections cut when idle for a while ({@link #cutIdleConnectionsAfter}: a proxy, a NAT) or
 *       at once ({@link #cutConnections}), an outage ({@link #refuse}, {@link #resume}), a server
 *       that answers blocking queries at once ({@link #answerAtOnce}), a snapshot restore
 *       ({@link #restore}).</li>
 *   <li>TLS: built with a server {@link Tls} (a private CA's certificate, client certificates
 *       required or not), it speaks HTTPS only.</li>
 * </ul>
 * Every request is recorded ({@link #requests}) with the server that answered it.
 */
public final class ConsulKvDouble implements AutoCloseable {
    /** The status and body Consul answers when the cluster has no leader. */
    public static final String NO_LEADER = "No cluster leader";
    private static final int MAX_VALUE_BYTES = 512 * 1024;
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9,_./-]+");

    /** One stored key. */
    private record Entry(byte[] value, long flags, long createIndex, long modifyIndex) {
    }

    /**
     * A server's view of the KV store, frozen when {@link #freezeFollower} was called.
     *
     * @param lastContact what it says in {@code X-Consul-LastContact}
     * @param knownLeader what it says in {@code X-Consul-KnownLeader}
     */
    public record Follower(Map<String, Entry> store, long index, Duration lastContact, boolean knownLeader) {
    }

    /**
     * One request as the double received it.
     *
     * @param method   GET, PUT, DELETE...
     * @param key      the key after {@code /v1/kv/}
     * @param query    the query parameters (a parameter without value maps to "")
     * @param token    the {@code X-Consul-Token} header, if sent
     * @param body     the request body (PUT)
     * @param arrived  when it arrived
     * @param answered when the answer was sent, e.g. after a blocking hold
     * @param status   the status answered
     * @param server   {@code leader} or {@code follower}: which server's data answered it
     */
    public record Request(String method, String key, Map<String, String> query, Optional<String> token, byte[] body,
                          Instant arrived, Instant answered, int status, String server) {
        public boolean blocking() {
            return query.containsKey("index") && !query.get("index").equals("0");
        }

        public boolean consistent() {
            return !query.containsKey("stale");
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> store = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Random jumps = new Random(22);
    private final Optional<Tls> tls;
    private long index = 1_000_000_000_007L;
    private boolean closed;
    /** Moves on at each {@link #refuse()}: readers held from before return. */
    private long epoch;
    /** Blocking queries that began to be held, ever: a count that only grows, so a test can wait for the next one. */
    private long holds;
    private Follower follower;
    private boolean leaderless;
    private volatile boolean atOnce;
    private final AtomicReference<Runnable> beforeNextPut = new AtomicReference<>();
    private volatile Optional<String> requiredToken = Optional.empty();
    private volatile Optional<Map.Entry<Integer, String>> failure = Optional.empty();
    private final WebServer server;
    private final TcpFront front;

    /** Plain HTTP. */
    public ConsulKvDouble() {
        this(Optional.empty());
    }

    /** HTTPS only, with this server TLS (its certificate, trust and client authentication). */
    public ConsulKvDouble(Tls tls) {
        this(Optional.of(tls));
    }

    private ConsulKvDouble(Optional<Tls> tls) {
        this.tls = tls;
        WebServerConfig.Builder builder = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .featuresDiscoverServices(false) // no observe feature: the double answers every path itself
                .routing(routing -> routing.any(this::handle));
        tls.ifPresent(builder::tls);
        server = builder.build().start();
        front = new TcpFront(server.port());
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://} in TLS mode. */
    public String origin() {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + front.port();
    }

    public int port() {
        return front.port();
    }

    /** Writes {@code value} as a PUT would: the index jumps on and blocked readers of the key wake. */
    public long put(String key, String value) {
        lock.lock();
        try {
            nextIndex();
            Entry old = store.get(key);
            store.put(key, new Entry(value.getBytes(StandardCharsets.UTF_8), old == null ? 0 : old.flags(),
                    old == null ? index : old.createIndex(), index));
            changed.signalAll();
            return index;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} once, when the next PUT request arrives and before it is applied: another
     * client's write landing between a read and a check-and-set write.
     */
    public void beforeNextPut(Runnable action) {
        beforeNextPut.set(action);
    }

    /** Deletes {@code key}: the index moves on and blocked readers wake (to a 404). */
    public void delete(String key) {
        lock.lock();
        try {
            nextIndex();
            store.remove(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next write gets an index just above {@code to} (compared unsigned: past 2^63 is allowed). */
    public void jumpIndexTo(long to) {
        lock.lock();
        try {
            index = to;
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

    /**
     * A follower that stops applying the leader's log now: it keeps today's data and index, and
     * says it last heard from the leader {@code lastContact} ago. It answers nothing until
     * {@link #staleReadsFrom} sends stale reads to it.
     */
    public Follower freezeFollower(Duration lastContact, boolean knownLeader) {
        lock.lock();
        try {
            return new Follower(Map.copyOf(store), index, lastContact, knownLeader);
        } finally {
            lock.unlock();
        }
    }

    /** From now on {@code ?stale} reads are answered by {@code lagging}; blocked readers re-check at once. */
    public void staleReadsFrom(Follower lagging) {
        lock.lock();
        try {
            follower = lagging;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code ?stale} reads go to the leader again. */
    public void staleReadsFromLeader() {
        staleReadsFrom(null);
    }

    /** The cluster loses its leader: reads that are not stale get 500 {@code No cluster leader}, writes too. */
    public void loseLeader() {
        lock.lock();
        try {
            leaderless = true;
        } finally {
            lock.unlock();
        }
    }

    /** A leader is elected again. */
    public void electLeader() {
        lock.lock();
        try {
            leaderless = false;
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

    /** The KV store's latest index (unsigned). */
    public long index() {
        lock.lock();
        try {
            return index;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many blocking queries have begun to be held since the double started. A test waiting for
     * the next hold waits for this to pass the count it last saw: "one is held now" would still be
     * true for a query a write has just woken but that has not yet taken the lock to return.
     */
    public long holds() {
        lock.lock();
        try {
            return holds;
        } finally {
            lock.unlock();
        }
    }

    /** Misbehave as Consul's documentation warns a server can: answer blocking queries at once, index unchanged. */
    public void answerAtOnce(boolean enabled) {
        atOnce = enabled;
    }

    /** Answer every request with {@code status} and {@code body} (429, 500, 503...) until {@link #heal}. */
    public void failWith(int status, String body) {
        failure = Optional.of(Map.entry(status, body));
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Answer as a healthy agent again. */
    public void heal() {
        failure = Optional.empty();
    }

    /** Answer 403 to every request without this {@code X-Consul-Token}. */
    public void requireToken(String token) {
        requiredToken = Optional.of(token);
    }

    /** Accept requests with or without a token again. */
    public void acceptAnyToken() {
        requiredToken = Optional.empty();
    }

    /** Cut every connection through which no byte has passed for {@code idle}, as a proxy or NAT does; null: never. */
    public void cutIdleConnectionsAfter(Duration idle) {
        front.cutIdleAfter(idle);
    }

    /** Cuts every open connection now, without an answer. */
    public void cutConnections() {
        front.cutAll();
    }

    /** How many connections were cut by {@link #cutIdleConnectionsAfter} or {@link #cutConnections}. */
    public int cuts() {
        return front.cuts();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Stops listening: connections are refused until {@link #resume()}; open ones are cut. */
    public void refuse() {
        lock.lock();
        try {
            epoch++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        front.refuse();
    }

    /** Listens again on the same port. */
    public void resume() {
        front.resume();
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
        String[] server = {"leader"};
        int status = answer(req.prologue().method(), path, key, query, token, body, res, server);
        requests.add(new Request(method, key, Map.copyOf(query), token, body, arrived, Instant.now(), status,
                server[0]));
    }

    private int answer(Method method, String path, String key, Map<String, String> query, Optional<String> token,
                       byte[] body, ServerResponse res, String[] server) throws InterruptedException {
        Optional<Map.Entry<Integer, String>> failing = failure;
        if (failing.isPresent()) {
            return text(res, failing.get().getKey(), failing.get().getValue());
        }
        if (!path.startsWith("/v1/kv/") || key.isEmpty()) {
            return text(res, 404, "404 page not found");
        }
        if (!KEY.matcher(key).matches()) {
            return text(res, 500, "Invalid key name: " + key);
        }
        if (requiredToken.isPresent() && !requiredToken.equals(token)) {
            String permission = method.equals(Method.GET) ? "key:read" : "key:write";
            return text(res, 403, token.isEmpty() || token.get().isEmpty()
                    ? "Permission denied: anonymous token lacks permission '" + permission + "' on \"" + key + "\""
                    : "ACL not found");
        }
        if (query.containsKey("stale") && query.containsKey("consistent")) {
            return text(res, 400, "Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        if (method.equals(Method.GET)) {
            return get(key, query, res, server);
        }
        if (leaderless()) {
            return text(res, 500, NO_LEADER);
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

    private boolean leaderless() {
        lock.lock();
        try {
            return leaderless;
        } finally {
            lock.unlock();
        }
    }

    /** The data a read sees: a lagging follower's for a stale read while one is set, else the leader's. */
    private Follower view(boolean stale) {
        if (stale && follower != null) {
            return follower;
        }
        return new Follower(store, index, Duration.ZERO, !leaderless);
    }

    private int get(String key, Map<String, String> query, ServerResponse res, String[] server)
            throws InterruptedException {
        long minIndex;
        Duration wait;
        try {
            minIndex = Long.parseUnsignedLong(query.getOrDefault("index", "0"));
            wait = query.containsKey("wait") ? goDuration(query.get("wait")) : DEFAULT_WAIT;
        } catch (IllegalArgumentException e) {
            return text(res, 400, "Invalid wait time or index");
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        boolean stale = query.containsKey("stale");
        boolean recurse = query.containsKey("recurse");
        Follower view;
        lock.lock();
        try {
            if (!stale && leaderless) {
                return text(res, 500, NO_LEADER);
            }
            if (minIndex != 0 && !atOnce) {
                long jitter = wait.toNanos() / 16 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait.toNanos() / 16);
                long deadline = System.nanoTime() + wait.toNanos() + jitter;
                long restoredAt = index;
                long heldSince = epoch;
                boolean held = false;
                while (!closed && failure.isEmpty()
                        && Long.compareUnsigned(resultIndex(view(stale), key, recurse), minIndex) <= 0
                        && Long.compareUnsigned(index, restoredAt) >= 0 && epoch == heldSince) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    if (!held) {
                        held = true;
                        holds++;
                    }
                    changed.awaitNanos(left);
                }
            }
            server[0] = stale && follower != null ? "follower" : "leader";
            view = view(stale);
            view = new Follower(Map.copyOf(view.store()), view.index(), view.lastContact(), view.knownLeader());
        } finally {
            lock.unlock();
        }
        if (failure.isPresent()) {
            return text(res, failure.get().getKey(), failure.get().getValue());
        }
        Entry entry = view.store().get(key);
        res.header(HeaderNames.create("X-Consul-Index"), Long.toUnsignedString(resultIndex(view, key, recurse)));
        res.header(HeaderNames.create("X-Consul-KnownLeader"), Boolean.toString(view.knownLeader()));
        res.header(HeaderNames.create("X-Consul-LastContact"), Long.toString(view.lastContact().toMillis()));
        if (recurse) {
            return list(key, view, res);
        }
        if (entry == null) {
            res.status(Status.NOT_FOUND_404).send();
            return 404;
        }
        if (query.containsKey("raw")) {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.status(Status.OK_200).send(entry.value());
            return 200;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(Status.OK_200).send("[" + json(key, entry) + "]");
        return 200;
    }

    /** {@code ?recurse}: every entry whose key starts with {@code prefix}, in key order; 404 when none. */
    private static int list(String prefix, Follower view, ServerResponse res) {
        List<String> entries = new TreeMap<>(view.store()).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> json(e.getKey(), e.getValue()))
                .toList();
        if (entries.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send();
            return 404;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(Status.OK_200).send("[" + String.join(",", entries) + "]");
        return 200;
    }

    private static String json(String key, Entry entry) {
        String value = entry.value().length == 0 ? "null"
                : "\"" + Base64.getEncoder().encodeToString(entry.value()) + "\"";
        return "{\"LockIndex\":0,\"Key\":\"" + key + "\",\"Flags\":" + Long.toUnsignedString(entry.flags())
                + ",\"Value\":" + value + ",\"CreateIndex\":" + Long.toUnsignedString(entry.createIndex())
                + ",\"ModifyIndex\":" + Long.toUnsignedString(entry.modifyIndex()) + "}";
    }

    /**
     * The {@code X-Consul-Index} of a read of {@code key}: its ModifyIndex, or the store's index when
     * missing; for {@code ?recurse} the highest ModifyIndex under the prefix.
     */
    private static long resultIndex(Follower view, String key, boolean recurse) {
        if (recurse) {
            long highest = view.store().entrySet().stream().filter(e -> e.getKey().startsWith(key))
                    .mapToLong(e -> e.getValue().modifyIndex()).reduce(0, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
            return highest != 0 ? highest : view.index() == 0 ? 1 : view.index();
        }
        Entry entry = view.store().get(key);
        return entry != null ? entry.modifyIndex() : view.index() == 0 ? 1 : view.index();
    }

    private void nextIndex() {
        index += 1 + jumps.nextInt(5000);
    }

    private int put(String key, Map<String, String> query, byte[] body, ServerResponse res) {
        Runnable before = beforeNextPut.getAndSet(null);
        if (before != null) {
            before.run();
        }
        if (body.length > MAX_VALUE_BYTES) {
            return text(res, 413, "Request body(" + body.length + " bytes) too large, max size: " + MAX_VALUE_BYTES
                    + " bytes.");
        }
        long flags;
        Optional<Long> cas;
        try {
            flags = Long.parseUnsignedLong(query.getOrDefault("flags", "0"));
            cas = query.containsKey("cas") ? Optional.of(Long.parseUnsignedLong(query.get("cas"))) : Optional.empty();
        } catch (NumberFormatException e) {
            return text(res, 400, "Invalid flags or cas");
        }
        lock.lock();
        try {
            Entry old = store.get(key);
            if (cas.isPresent() && (cas.get() == 0 ? old != null : old == null || old.modifyIndex() != cas.get())) {
                return text(res, 200, "false");
            }
            nextIndex();
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
        front.close();
        server.stop();
    }
}
