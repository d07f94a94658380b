package org.jitsi.signalsidecar.consul;

import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.lifecycle.Text;

import static java.util.Objects.requireNonNull;

/**
 * The calls the fleet view makes to Consul's KV HTTP API: a recursive read of a prefix (blocking
 * when asked) and a check-and-set write of one key. Same connection rules as {@link ConsulClient}
 * (token only in the {@code X-Consul-Token} header, TLS for {@code https}); never throws. Thread-safe.
 */
public final class ConsulPrefixClient implements AutoCloseable {
    /** Fifty reports with their census rooms fit many times over; Consul allows 512 KiB per value. */
    static final int MAX_LIST_BYTES = 32 * 1024 * 1024;
    private static final int MAX_DETAIL = 200;

    private final ConsulKv kv;

    /** What one recursive read found. */
    public sealed interface Listing {
        /** The entries under the prefix (none on a 404), and the {@code X-Consul-Index} to block on next. */
        record Found(long index, List<KvEntry> entries) implements Listing {
            public Found {
                entries = List.copyOf(entries);
            }
        }

        /** Consul could not be asked, or answered something other than a list of entries or a 404. */
        record Failed(String problem) implements Listing {
        }
    }

    /** What a check-and-set write did. */
    public sealed interface Written {
        /** Consul stored the value. */
        record Stored() implements Written {
        }

        /** Consul kept the value it had: the key changed (or appeared) since the index the write named. */
        record Lost() implements Written {
        }

        /** Consul could not be asked, or refused. */
        record Failed(String problem) implements Written {
        }
    }

    public ConsulPrefixClient(ConsulSettings settings, Duration requestTimeout) {
        this.kv = new ConsulKv(settings, requestTimeout);
    }

    /**
     * {@code GET /v1/kv/<prefix>?recurse&stale}, and with {@code index != 0} also
     * {@code &index=<index>&wait=<wait>}: Consul holds the answer until something under the prefix
     * changes past {@code index} or {@code wait} has gone by.
     */
    public Listing list(String prefix, long index, Duration wait) {
        HttpClientRequest request = kv.get(prefix, index, wait).queryParam("recurse", "").queryParam("stale", "");
        Duration timeout = kv.readTimeout(index, wait);
        try (HttpClientResponse response = request.request()) {
            int status = response.status().code();
            byte[] body;
            try (InputStream in = response.inputStream()) {
                body = in.readNBytes(MAX_LIST_BYTES + 1);
            }
            if (status != 200 && status != 404) {
                return new Listing.Failed("Consul answered " + status + ConsulClient.statusDetail(status, body));
            }
            Optional<Long> answered = response.headers().first(ConsulClient.INDEX).flatMap(ConsulClient::parseIndex);
            if (answered.isEmpty()) {
                return new Listing.Failed("Consul answered " + status + " without a usable X-Consul-Index header");
            }
            if (status == 404) {
                return new Listing.Found(answered.get(), List.of());
            }
            if (body.length > MAX_LIST_BYTES) {
                return new Listing.Failed("the entries under " + prefix + " are larger than " + MAX_LIST_BYTES + " bytes");
            }
            return new Listing.Found(answered.get(), KvEntry.parseList(body));
        } catch (MalformedKvException e) {
            return new Listing.Failed(e.getMessage());
        } catch (IOException e) {
            return new Listing.Failed(ConsulClient.problem(e, timeout));
        } catch (UncheckedIOException e) {
            return new Listing.Failed(ConsulClient.problem(e.getCause(), timeout));
        } catch (RuntimeException e) {
            return new Listing.Failed(ConsulClient.problem(e, timeout));
        }
    }

    /**
     * {@code PUT /v1/kv/<key>?cas=<modifyIndex>}: stored only if the key's ModifyIndex is still
     * {@code modifyIndex}, or with {@code 0} only if the key does not exist.
     */
    public Written putChecked(String key, byte[] body, long modifyIndex) {
        HttpClientRequest request = kv.put(key).queryParam("cas", Long.toUnsignedString(modifyIndex));
        try (HttpClientResponse response = request.submit(body)) {
            int status = response.status().code();
            byte[] answer;
            try (InputStream in = response.inputStream()) {
                answer = in.readNBytes(MAX_DETAIL);
            }
            if (status != 200) {
                return new Written.Failed("Consul answered " + status + ConsulClient.statusDetail(status, answer));
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            return switch (text) {
                case "true" -> new Written.Stored();
                case "false" -> new Written.Lost();
                default -> new Written.Failed("Consul answered 200 " + Text.oneLine(text) + " instead of true or false");
            };
        } catch (IOException e) {
            return new Written.Failed(ConsulClient.problem(e, kv.requestTimeout()));
        } catch (UncheckedIOException e) {
            return new Written.Failed(ConsulClient.problem(e.getCause(), kv.requestTimeout()));
        } catch (RuntimeException e) {
            return new Written.Failed(ConsulClient.problem(e, kv.requestTimeout()));
        }
    }

    @Override
    public void close() {
        kv.close();
    }
}
