package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The Consul KV store: where its HTTP API is, whether the node's status is watched there and whether
 * its report is published there. Both features are off by default; with both off nothing talks to
 * Consul.
 *
 * @param api            {@code http(s)://host:port} of the HTTP API of Consul (its local agent), without a path
 * @param token          the ACL token sent as {@code X-Consul-Token}, if any
 * @param watchStatus    {@code CONSUL_STATUS}: watch {@code statusKey} and write its value to the status file
 * @param statusKey      the KV key holding the status word, e.g. {@code shard-states/prod/shard-1}
 * @param publishReports {@code CONSUL_REPORTS}: put the report to {@code reportKey} every {@code reportInterval}
 * @param reportKey      the KV key the report is written to
 * @param reportInterval time between two publications
 * @param censusReports  {@code CENSUS_REPORTS}: the published report's {@code census} carries the
 *                       census rooms (requires census polling), else it is {@code []}
 * @param watchWait      the {@code wait} of each blocking query; at most {@link #MAX_WAIT}
 */
public record ConsulSettings(URI api,
                             Optional<ConsulToken> token,
                             boolean watchStatus,
                             String statusKey,
                             boolean publishReports,
                             String reportKey,
                             Duration reportInterval,
                             boolean censusReports,
                             Duration watchWait) {
    /** Consul's own default wait; it accepts up to 10 minutes, but load balancers and NATs drop idle connections sooner. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** A Consul report is at least a second apart: more often would only load the KV store. */
    private static final Duration MIN_REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Key segments of characters that need no escaping in a URL path. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~:@+=,-]+(/[A-Za-z0-9._~:@+=,-]+)*");

    public ConsulSettings {
        requireNonNull(api, "api is null");
        requireNonNull(token, "token is null");
        requireNonNull(statusKey, "statusKey is null");
        requireNonNull(reportKey, "reportKey is null");
        requireNonNull(reportInterval, "reportInterval is null");
        requireNonNull(watchWait, "watchWait is null");
    }

    /** Nothing talks to Consul: the defaults. */
    public static ConsulSettings disabled() {
        return from(ConfigSource.defaults(), false, new ArrayList<>());
    }

    /**
     * @param censusPoll whether the census is polled, which census reports need
     * @param warnings   takes the warnings about settings that have no effect or a token file others can read
     */
    static ConsulSettings from(ConfigSource source, boolean censusPoll, List<String> warnings) {
        boolean secure = source.bool(Setting.CONSUL_SECURE);
        URI api = api(source, secure ? "https" : "http", port(source));
        Optional<ConsulToken> token = token(source, warnings);
        boolean watch = source.bool(Setting.CONSUL_STATUS);
        String statusKey = key(source, Setting.CONSUL_STATUS_KEY);
        boolean publish = source.bool(Setting.CONSUL_REPORTS);
        String reportKey = key(source, Setting.CONSUL_REPORT_KEY);
        String expectedInterval = "expected a number of seconds from 1 to " + ConfigSource.plain(ConfigSource.MAX_SECONDS)
                + " (e.g. 60)";
        Duration interval;
        try {
            interval = source.seconds(Setting.CONSUL_REPORTS_INTERVAL);
        } catch (ConfigException e) {
            throw source.invalid(Setting.CONSUL_REPORTS_INTERVAL, expectedInterval);
        }
        if (interval.compareTo(MIN_REPORT_INTERVAL) < 0) {
            throw source.invalid(Setting.CONSUL_REPORTS_INTERVAL, expectedInterval);
        }
        boolean census = source.bool(Setting.CENSUS_REPORTS);
        if (census && publish && !censusPoll) {
            // the rooms come from the census poll: without it the report would always say "no rooms"
            throw source.invalid(Setting.CENSUS_REPORTS, "requires "
                    + source.nameAlike(Setting.CENSUS_POLL, Setting.CENSUS_REPORTS)
                    + " to be true, since the published rooms come from the census poll");
        }
        if (census && !publish) {
            warnings.add(source.name(Setting.CENSUS_REPORTS) + " is true but "
                    + source.nameAlike(Setting.CONSUL_REPORTS, Setting.CENSUS_REPORTS)
                    + " is false: no report is published, so it has no effect");
        }
        return new ConsulSettings(api, token, watch, statusKey, publish, reportKey, interval, census, MAX_WAIT);
    }

    /** A port to connect to: 0 ("any free port") means something only for a listener. */
    private static int port(ConfigSource source) {
        try {
            int port = Integer.parseInt(source.text(Setting.CONSUL_PORT));
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw source.invalid(Setting.CONSUL_PORT, "expected a port 1-65535");
    }

    /** {@code http(s)://host:port}; the host is not resolved here, since Consul may come up after the sidecar. */
    private static URI api(ConfigSource source, String scheme, int port) {
        String host = source.text(Setting.CONSUL_HOST);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean ipv6 = host.contains(":");
        if (!host.isEmpty() && (ipv6 ? IPV6.matcher(host).matches() : HOST_NAME.matcher(host).matches())) {
            try {
                URI uri = new URI(scheme, null, host, port, null, null, null);
                if (uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        throw source.invalid(Setting.CONSUL_HOST, "expected the host name or IP address of the Consul agent, such as localhost");
    }

    private static String key(ConfigSource source, Setting setting) {
        String value = source.text(setting);
        if (KEY.matcher(value).matches()
                && Arrays.stream(value.split("/")).noneMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return value;
        }
        throw source.invalid(setting, "expected a Consul KV key such as shard-states/prod/shard-1 "
                + "(letters, digits and . _ - ~ : @ + = , in segments separated by single slashes; no leading slash)");
    }

    /**
     * The token from {@code CONSUL_TOKEN} or from the file {@code CONSUL_TOKEN_FILE} names; never
     * both. An error about the token itself never shows it.
     */
    private static Optional<ConsulToken> token(ConfigSource source, List<String> warnings) {
        String inline = source.text(Setting.CONSUL_TOKEN);
        String file = source.text(Setting.CONSUL_TOKEN_FILE);
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw source.invalid(Setting.CONSUL_TOKEN_FILE, "set either " + source.name(Setting.CONSUL_TOKEN) + " or "
                    + source.name(Setting.CONSUL_TOKEN_FILE) + ", not both");
        }
        if (!inline.isEmpty()) {
            if (!ConsulToken.wellFormed(inline)) {
                throw new ConfigException("invalid " + source.name(Setting.CONSUL_TOKEN)
                        + " (value not shown): expected a token of printable characters without spaces");
            }
            return Optional.of(new ConsulToken(inline));
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String unusable = "expected the file to hold one token of printable characters without spaces (contents not shown)";
        SecretFile secret;
        try {
            secret = SecretFile.read(file);
        } catch (SecretFile.Unusable e) {
            throw source.invalid(Setting.CONSUL_TOKEN_FILE, switch (e.problem()) {
                case NOT_A_PATH, NO_SUCH_FILE, PERMISSION_DENIED, UNREADABLE ->
                        "expected a readable file holding the Consul token";
                case EMPTY -> "the file is empty, expected it to hold the Consul token";
                case TOO_LARGE -> unusable;
            });
        }
        if (!ConsulToken.wellFormed(secret.text())) {
            throw source.invalid(Setting.CONSUL_TOKEN_FILE, unusable);
        }
        secret.warning(source.name(Setting.CONSUL_TOKEN_FILE)).ifPresent(warnings::add);
        return Optional.of(new ConsulToken(secret.text()));
    }

    public boolean enabled() {
        return watchStatus || publishReports;
    }
}
