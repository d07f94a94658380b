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
 * @param maxStale       the longest {@code X-Consul-LastContact} of a stale answer the watch acts on
 *                       without confirming it with the leader
 * @param tls            HTTPS settings, used when {@code api} is {@code https}
 */
public record ConsulSettings(URI api,
                             Optional<ConsulToken> token,
                             boolean watchStatus,
                             String statusKey,
                             boolean publishReports,
                             String reportKey,
                             Duration reportInterval,
                             boolean censusReports,
                             Duration watchWait,
                             Duration maxStale,
                             ConsulTls tls) {
    /** Consul accepts up to 10 minutes. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** Under the idle timeouts of common proxies, load balancers and NATs (60 s and more), so a held query is not cut. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(55);
    /** A follower in touch hears from the leader many times a second; 5 s of silence is a follower in trouble. */
    public static final Duration DEFAULT_MAX_STALE = Duration.ofSeconds(5);

    /** A Consul report is at least a second apart: more often would only load the KV store. */
    private static final Duration MIN_REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Segments of the characters Consul accepts in keys and recommends ({@code a-zA-Z0-9,_./-}). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9,_.-]+(/[A-Za-z0-9,_.-]+)*");

    public ConsulSettings {
        requireNonNull(api, "api is null");
        requireNonNull(token, "token is null");
        requireNonNull(statusKey, "statusKey is null");
        requireNonNull(reportKey, "reportKey is null");
        requireNonNull(reportInterval, "reportInterval is null");
        requireNonNull(watchWait, "watchWait is null");
        requireNonNull(maxStale, "maxStale is null");
        requireNonNull(tls, "tls is null");
    }

    /** With the default staleness limit and TLS settings. */
    public ConsulSettings(URI api, Optional<ConsulToken> token, boolean watchStatus, String statusKey,
                          boolean publishReports, String reportKey, Duration reportInterval, boolean censusReports,
                          Duration watchWait) {
        this(api, token, watchStatus, statusKey, publishReports, reportKey, reportInterval, censusReports, watchWait,
                DEFAULT_MAX_STALE, ConsulTls.defaults());
    }

    /** These settings with {@code tls} instead. */
    public ConsulSettings withTls(ConsulTls tls) {
        return new ConsulSettings(api, token, watchStatus, statusKey, publishReports, reportKey, reportInterval,
                censusReports, watchWait, maxStale, tls);
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
        Duration interval = source.secondsWithin(Setting.CONSUL_REPORTS_INTERVAL, MIN_REPORT_INTERVAL,
                ConfigSource.MAX_SECONDS, expectedInterval);
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
        Duration wait = wait(source);
        Duration maxStale = source.seconds(Setting.CONSUL_STATUS_MAX_STALE);
        ConsulTls tls = ConsulTls.from(source, secure, warnings);
        return new ConsulSettings(api, token, watch, statusKey, publish, reportKey, interval, census, wait, maxStale,
                tls);
    }

    /** The blocking wait: from a second (less would only spin) to Consul's limit of 10 minutes. */
    private static Duration wait(ConfigSource source) {
        String expected = "expected a number of seconds from 1 to " + MAX_WAIT.toSeconds()
                + " (Consul's limit), below the idle timeout of any proxy or NAT in between (e.g. 55)";
        return source.secondsWithin(Setting.CONSUL_STATUS_WAIT, Duration.ofSeconds(1), MAX_WAIT, expected);
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
                + "(letters, digits and , _ . - in segments separated by single slashes, as Consul accepts; no leading slash)");
    }

    /**
     * The token from {@code CONSUL_TOKEN} or from the file {@code CONSUL_TOKEN_FILE} names; never
     * both. An error about the token itself never shows it.
     */
    private static Optional<ConsulToken> token(ConfigSource source, List<String> warnings) {
        String inline = source.text(Setting.CONSUL_TOKEN);
        String file = source.text(Setting.CONSUL_TOKEN_FILE);
        // the sidecar's own token setting wins over the one Consul's tools read (CONSUL_HTTP_TOKEN[_FILE])
        if (!inline.isEmpty() && !file.isEmpty() && source.fromConsulVariable(Setting.CONSUL_TOKEN_FILE)) {
            file = "";
        }
        if (!inline.isEmpty() && !file.isEmpty() && source.fromConsulVariable(Setting.CONSUL_TOKEN)) {
            inline = "";
        }
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
