package org.jitsi.signalsidecar.consul;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.lifecycle.Text;

import static java.util.Objects.requireNonNull;

/**
 * The two calls the sidecar makes to Consul's KV HTTP API, over Helidon's WebClient: a (blocking)
 * read of one key and a write of one key. Never throws: a refused, timed out or odd answer comes
 * back as {@link Read.Failed} or a problem text. The ACL token goes only into the
 * {@code X-Consul-Token} header, never into a URL, a problem text or a log line. Thread-safe.
 */
public final class ConsulClient implements AutoCloseable {
    static final HeaderName INDEX = HeaderNames.create("X-Consul-Index");
    static final HeaderName TOKEN = HeaderNames.create("X-Consul-Token");
    static final HeaderName KNOWN_LEADER = HeaderNames.create("X-Consul-KnownLeader");
    static final HeaderName LAST_CONTACT = HeaderNames.create("X-Consul-LastContact");
    /** A status word is a few bytes; Consul allows 512 KiB, but nothing that large is a status. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_DETAIL = 200;

    private final ConsulKv kv;

    /** What one read of a key found. */
    public sealed interface Read {
        /** The key exists; {@code index} is the {@code X-Consul-Index} to block on next (unsigned). */
        record Found(long index, KvEntry entry, WatchRules.Served served) implements Read {
        }

        /** 404: no such key (never written, or deleted). */
        record Missing(long index, WatchRules.Served served) implements Read {
        }

        /** Consul could not be asked, or answered something other than a KV entry or a 404. */
        record Failed(String problem) implements Read {
        }

        /** The connection was closed or reset before an answer: a proxy's idle timeout, or a server going away. */
        record Cut(String problem) implements Read {
        }
    }

    /**
     * @param settings       where Consul is and the token
     * @param requestTimeout connect timeout, and the read timeout of a write or a non-blocking read
     */
    public ConsulClient(ConsulSettings settings, Duration requestTimeout) {
        this.kv = new ConsulKv(settings, requestTimeout);
    }

    /** Consul's API and what a watch of {@code key} asks, for log lines (no token in it). */
    public String describe(String key) {
        return kv.describe(key);
    }

    /**
     * {@code GET /v1/kv/<key>?stale}, and with {@code index != 0} also {@code &index=<index>&wait=<wait>}:
     * Consul then holds the answer until the key's index passes {@code index} or {@code wait}
     * (plus up to a sixteenth of it) has gone by. The read timeout covers that and a margin.
     */
    Read read(String key, long index, Duration wait) {
        return read(key, index, wait, false);
    }

    /** {@code GET /v1/kv/<key>?consistent}: the leader answers, after checking that it still leads. */
    Read readConsistently(String key) {
        return read(key, 0, Duration.ZERO, true);
    }

    private Read read(String key, long index, Duration wait, boolean consistent) {
        HttpClientRequest request = kv.get(key, index, wait).queryParam(consistent ? "consistent" : "stale", "");
        Duration timeout = kv.readTimeout(index, wait);
        try (HttpClientResponse response = request.request()) {
            int status = response.status().code();
            byte[] body;
            try (InputStream in = response.inputStream()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            Optional<Long> answeredIndex = response.headers().first(INDEX).flatMap(ConsulClient::parseIndex);
            if (status != 200 && status != 404) {
                return new Read.Failed("Consul answered " + status + statusDetail(status, body));
            }
            if (answeredIndex.isEmpty()) {
                return new Read.Failed("Consul answered " + status + " without a usable X-Consul-Index header");
            }
            WatchRules.Served served = consistent ? WatchRules.Served.LEADER : served(response);
            if (status == 404) {
                return new Read.Missing(answeredIndex.get(), served);
            }
            if (body.length > MAX_BODY_BYTES) {
                return new Read.Failed("the KV entry is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new Read.Found(answeredIndex.get(), KvEntry.parse(body), served);
        } catch (MalformedKvException e) {
            return new Read.Failed(e.getMessage());
        } catch (IOException e) {
            return failedRead(e, timeout);
        } catch (UncheckedIOException e) {
            return failedRead(e.getCause(), timeout);
        } catch (RuntimeException e) {
            return failedRead(e, timeout);
        }
    }

    /**
     * What the answering server says of its freshness. Without the headers (Consul always sends
     * them) it is taken as in touch with a leader: nothing says otherwise.
     */
    private static WatchRules.Served served(HttpClientResponse response) {
        boolean knownLeader = !response.headers().first(KNOWN_LEADER).map(String::strip).orElse("true")
                .equalsIgnoreCase("false");
        Duration lastContact = response.headers().first(LAST_CONTACT).flatMap(ConsulClient::parseIndex)
                .map(ms -> ms < 0 ? Duration.ofDays(1) : Duration.ofMillis(ms)).orElse(Duration.ZERO);
        return new WatchRules.Served(false, knownLeader, lastContact);
    }

    private static Read failedRead(Throwable error, Duration timeout) {
        return cut(error) ? new Read.Cut(problem(error, timeout)) : new Read.Failed(problem(error, timeout));
    }

    /** Closed or reset by the other side (or something between) before an answer. */
    private static boolean cut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return false;
            }
            if (t instanceof SocketException || t instanceof EOFException
                    || t.getClass().getSimpleName().equals("InsufficientDataAvailableException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code PUT /v1/kv/<key>} with {@code body} as the value.
     *
     * @return empty when Consul stored it, else what went wrong
     */
    Optional<String> put(String key, byte[] body) {
        try (HttpClientResponse response = kv.put(key).submit(body)) {
            int status = response.status().code();
            byte[] answer;
            try (InputStream in = response.inputStream()) {
                answer = in.readNBytes(MAX_DETAIL);
            }
            if (status != 200) {
                return Optional.of("Consul answered " + status + statusDetail(status, answer));
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            return text.equals("true") ? Optional.empty() : Optional.of("Consul answered 200 " + Text.oneLine(text)
                    + " instead of true");
        } catch (IOException e) {
            return Optional.of(problem(e, kv.requestTimeout()));
        } catch (UncheckedIOException e) {
            return Optional.of(problem(e.getCause(), kv.requestTimeout()));
        } catch (RuntimeException e) {
            return Optional.of(problem(e, kv.requestTimeout()));
        }
    }


    /** An unsigned 64-bit decimal, as Consul writes indexes. */
    static Optional<Long> parseIndex(String text) {
        try {
            return Optional.of(Long.parseUnsignedLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String statusDetail(int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, MAX_DETAIL), StandardCharsets.UTF_8).strip();
        String hint = status == 403 ? aclHint(text) : "";
        return (text.isEmpty() ? "" : ": " + Text.oneLine(text)) + hint;
    }

    /** Consul's 403 texts: "ACL not found", "Permission denied: anonymous token lacks permission …", "… lacks permission …". */
    private static String aclHint(String text) {
        if (text.contains("ACL not found")) {
            return " (Consul does not know the ACL token)";
        }
        if (text.contains("anonymous token")) {
            return " (no ACL token was sent: set CONSUL_TOKEN or CONSUL_HTTP_TOKEN)";
        }
        return " (the ACL token lacks access to the key)";
    }

    static String problem(Throwable error, Duration timeout) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "Consul refused the connection";
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return "Consul did not answer within " + timeout.toMillis() + " ms";
            }
            if (t instanceof DataReader.InsufficientDataAvailableException || t instanceof EOFException) {
                return "Consul closed the connection without an answer";
            }
            if (t instanceof SocketException && !(t instanceof ConnectException)) {
                return "the connection to Consul was cut (" + Text.oneLine(t.getMessage()) + ")";
            }
        }
        return Text.oneLine(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    @Override
    public void close() {
        kv.close();
    }
}
