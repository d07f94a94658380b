package org.jitsi.signalsidecar.consul;

import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulToken;

import static java.util.Objects.requireNonNull;

/**
 * How every call reaches Consul's KV API: one HTTP client (TLS for {@code https},
 * {@link ConsulHttps}), the ACL token only in the {@code X-Consul-Token} header, and the request
 * timeout, stretched for a blocking read to cover what Consul may hold it. Thread-safe.
 */
final class ConsulKv implements AutoCloseable {
    private final WebClient client;
    private final URI api;
    private final Optional<ConsulToken> token;
    private final Duration requestTimeout;

    /**
     * @param settings       where Consul is, the token and TLS
     * @param requestTimeout connect timeout, and the read timeout of a write or a non-blocking read
     */
    ConsulKv(ConsulSettings settings, Duration requestTimeout) {
        requireNonNull(settings, "settings is null");
        this.api = settings.api();
        this.token = settings.token();
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.client = ConsulHttps.client(settings, requestTimeout);
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** Consul's API and the key, for log lines (no token in it). */
    String describe(String key) {
        return api + "/v1/kv/" + key;
    }

    /**
     * {@code GET /v1/kv/<key>}, and with {@code index != 0} a blocking one
     * ({@code &index=<index>&wait=<wait>}) whose read timeout covers what Consul may hold it.
     */
    HttpClientRequest get(String key, long index, Duration wait) {
        HttpClientRequest request = withToken(client.get().uri(api.resolve("/v1/kv/" + key)))
                .readTimeout(readTimeout(index, wait));
        return index == 0 ? request : request.queryParam("index", Long.toUnsignedString(index))
                .queryParam("wait", wait.toMillis() + "ms");
    }

    /** The read timeout of {@link #get}: the request timeout, or for a blocking read what covers it. */
    Duration readTimeout(long index, Duration wait) {
        return index == 0 ? requestTimeout : blockingReadTimeout(wait, requestTimeout);
    }

    /** {@code PUT /v1/kv/<key>}. */
    HttpClientRequest put(String key) {
        return withToken(client.put().uri(api.resolve("/v1/kv/" + key))).readTimeout(requestTimeout);
    }

    /** Longer than Consul may hold a blocking query ({@code wait} plus {@code wait/16}), plus a request timeout. */
    static Duration blockingReadTimeout(Duration wait, Duration requestTimeout) {
        return wait.plus(wait.dividedBy(16)).plus(requestTimeout);
    }

    private HttpClientRequest withToken(HttpClientRequest request) {
        token.ifPresent(t -> request.header(ConsulClient.TOKEN, t.value()));
        return request;
    }

    @Override
    public void close() {
        client.closeResource();
    }
}
