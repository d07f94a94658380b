package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What the poll loop asks and how often.
 *
 * @param jicofoOrigin   base of jicofo's REST API, without trailing slash
 * @param prosodyOrigin  base of prosody's HTTP server, without trailing slash
 * @param statusFile     the file holding {@code ready}, {@code drain}, {@code maint} or {@code unhealthy}
 * @param pollInterval   delay between the end of one poll and the start of the next
 * @param requestTimeout the longest any single peer request may take, connect included
 * @param censusHost     the prosody VirtualHost sent as {@code Host} to {@code /room-census};
 *                       present exactly when census polling is on
 */
public record PeerSettings(URI jicofoOrigin,
                           URI prosodyOrigin,
                           Path statusFile,
                           Duration pollInterval,
                           Duration requestTimeout,
                           Optional<String> censusHost) {
    /** A host name as prosody's VirtualHost line has it, optionally with a port. */
    private static final Pattern CENSUS_HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?(:[0-9]{1,5})?");

    public PeerSettings {
        requireNonNull(jicofoOrigin, "jicofoOrigin is null");
        requireNonNull(prosodyOrigin, "prosodyOrigin is null");
        requireNonNull(statusFile, "statusFile is null");
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(censusHost, "censusHost is null");
    }

    static PeerSettings from(ConfigSource source) {
        Optional<String> censusHost = source.bool(Setting.CENSUS_POLL) ? Optional.of(censusHost(source)) : Optional.empty();
        return new PeerSettings(
                origin(source, Setting.JICOFO_ORIGIN),
                origin(source, Setting.PROSODY_ORIGIN),
                path(source, Setting.STATUS_FILE),
                source.seconds(Setting.POLL_INTERVAL),
                source.seconds(Setting.REQUEST_TIMEOUT),
                censusHost);
    }

    /**
     * The VirtualHost sent as {@code Host} to prosody's census: prosody answers 404 unless it is
     * exactly a VirtualHost's name, so a URL or a stray slash would fail every census poll.
     */
    private static String censusHost(ConfigSource source) {
        String value = source.text(Setting.CENSUS_HOST);
        if (value.isEmpty()) {
            // nothing set it, so name it as the operator named the switch: CENSUS_POLL or census.enabled
            throw ConfigException.invalid(source.nameAlike(Setting.CENSUS_HOST, Setting.CENSUS_POLL), value,
                    "required when " + source.name(Setting.CENSUS_POLL) + " is true");
        }
        if (!CENSUS_HOST.matcher(value).matches()) {
            throw source.invalid(Setting.CENSUS_HOST, "expected the prosody VirtualHost name, such as meet.example.com");
        }
        return value;
    }

    /** An http(s) origin without query, fragment or user info; trailing slashes dropped. */
    private static URI origin(ConfigSource source, Setting setting) {
        String value = source.text(setting);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                String base = uri.toString();
                while (base.endsWith("/")) {
                    base = base.substring(0, base.length() - 1);
                }
                return URI.create(base);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw source.invalid(setting, "expected an http(s) origin such as http://localhost:8888");
    }

    private static Path path(ConfigSource source, Setting setting) {
        String value = source.text(setting);
        try {
            if (!value.isEmpty()) {
                return Path.of(value);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw source.invalid(setting, "expected a file path");
    }

    /**
     * Census polling is on. This is the one setting that says so: the first snapshot is built from
     * it, and the report, {@code /signal/census} and the metrics read it from the snapshots.
     */
    public boolean censusEnabled() {
        return censusHost.isPresent();
    }
}
