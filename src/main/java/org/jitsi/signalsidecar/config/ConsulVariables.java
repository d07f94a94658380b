package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables Consul's own tools read ({@code consul}, {@code consul-template}, the Go API client)
 * that a host often exports for them: {@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_SSL},
 * {@code CONSUL_HTTP_TOKEN_FILE}, {@code CONSUL_HTTP_TOKEN}. They are read as a layer below the
 * sidecar's own settings (its environment names and its file) and above the defaults, so that a
 * host set up for Consul's tools works as it is, and the sidecar's own settings still win. The TLS
 * variables ({@code CONSUL_CACERT} and the others) need no such layer: they are the TLS settings'
 * environment names.
 */
final class ConsulVariables {
    static final String ADDR = "CONSUL_HTTP_ADDR";
    static final String SSL = "CONSUL_HTTP_SSL";
    static final String TOKEN = "CONSUL_HTTP_TOKEN";
    static final String TOKEN_FILE = "CONSUL_HTTP_TOKEN_FILE";
    static final Set<String> NAMES = Set.of(ADDR, SSL, TOKEN, TOKEN_FILE);

    private ConsulVariables() {
    }

    /** A value from one of Consul's variables: the variable's name, and the value as the setting takes it. */
    record Fallback(String variable, String value) {
    }

    /**
     * The settings Consul's variables give. As in Consul's tools, a token file wins over a token,
     * and {@code CONSUL_HTTP_ADDR}'s scheme over {@code CONSUL_HTTP_SSL}.
     *
     * @throws ConfigException when {@code CONSUL_HTTP_ADDR} is no {@code [http(s)://]host[:port]}
     */
    static Map<Setting, Fallback> from(Map<String, String> env) {
        Map<Setting, Fallback> values = new EnumMap<>(Setting.class);
        String ssl = env.getOrDefault(SSL, "").strip();
        if (!ssl.isEmpty()) {
            values.put(Setting.CONSUL_SECURE, new Fallback(SSL, ssl));
        }
        String address = env.getOrDefault(ADDR, "").strip();
        if (!address.isEmpty()) {
            address(address, values);
        }
        String tokenFile = env.getOrDefault(TOKEN_FILE, "").strip();
        String token = env.getOrDefault(TOKEN, "").strip();
        if (!tokenFile.isEmpty()) {
            values.put(Setting.CONSUL_TOKEN_FILE, new Fallback(TOKEN_FILE, tokenFile));
        } else if (!token.isEmpty()) {
            values.put(Setting.CONSUL_TOKEN, new Fallback(TOKEN, token));
        }
        return values;
    }

    private static void address(String address, Map<Setting, Fallback> values) {
        boolean schemed = address.contains("://");
        try {
            URI uri = new URI(schemed ? address : "http://" + address);
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && pathless
                    && uri.getRawQuery() == null && uri.getRawUserInfo() == null) {
                values.put(Setting.CONSUL_HOST, new Fallback(ADDR, uri.getHost()));
                if (uri.getPort() >= 0) {
                    values.put(Setting.CONSUL_PORT, new Fallback(ADDR, Integer.toString(uri.getPort())));
                }
                if (schemed) {
                    values.put(Setting.CONSUL_SECURE, new Fallback(ADDR, Boolean.toString(scheme.equals("https"))));
                }
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigException.invalid(ADDR, address,
                "expected the Consul agent's address as host:port or http(s)://host:port (a unix socket is not supported)");
    }
}
