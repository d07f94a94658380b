package org.jitsi.signalsidecar.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

import static java.util.Objects.requireNonNull;

/**
 * Builds the {@link SidecarConfig} from three layers, the first that has a key wins: the
 * environment (legacy names such as {@code HTTP_PORT}), the YAML file, the built-in defaults of
 * {@link Setting}. Every value is parsed and checked here, so a bad one fails startup with one
 * line that names it, instead of a stack trace or a silent fallback.
 */
public final class ConfigLoader {
    /** The longest interval or timeout accepted: beyond it a typo, not a setting. */
    private static final Duration MAX_SECONDS = Duration.ofDays(1);
    /** The shortest non-zero one: sockets round anything shorter to 0, which means "no timeout". */
    private static final Duration MIN_SECONDS = Duration.ofMillis(1);

    /** What a drain-control token must be, as error messages say it. */
    private static final String TOKEN_EXPECTED = "expected " + ControlSettings.MIN_TOKEN_LENGTH + " to "
            + ControlSettings.MAX_TOKEN_LENGTH + " visible ASCII characters without spaces (e.g. openssl rand -hex 32)";

    /** A Consul report is at least a second apart: more often would only load the KV store. */
    private static final Duration MIN_REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_TOKEN_FILE_BYTES = 4096;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Key segments of characters that need no escaping in a URL path. */
    private static final Pattern CONSUL_KEY = Pattern.compile("[A-Za-z0-9._~:@+=,-]+(/[A-Za-z0-9._~:@+=,-]+)*");

    /** A host name as prosody's VirtualHost line has it, optionally with a port. */
    private static final Pattern CENSUS_HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?(:[0-9]{1,5})?");

    private final Config config;
    private final Map<String, String> env;
    private final long descriptorLimit;
    private final List<String> warnings = new ArrayList<>();

    private ConfigLoader(Config config, Map<String, String> env, long descriptorLimit) {
        this.config = config;
        this.env = env;
        this.descriptorLimit = descriptorLimit;
    }

    /** A loaded configuration and what the operator should be told about it once logging is up. */
    public record Loaded(SidecarConfig config, List<String> warnings) {
    }

    /**
     * @param configFile the YAML file; when it is the default file it may be missing
     * @param env        the process environment (tests pass their own)
     * @throws ConfigException when any value is unusable
     */
    public static Loaded load(Optional<Path> configFile, Map<String, String> env) {
        return load(configFile, env, CommandLine.DEFAULT_CONFIG_FILE);
    }

    /** As {@link #load(Optional, Map)}, with {@code defaultFile} read when no file is named. */
    static Loaded load(Optional<Path> configFile, Map<String, String> env, Path defaultFile) {
        return load(configFile, env, defaultFile, DescriptorLimit.current());
    }

    /** As {@link #load(Optional, Map, Path)}, with the connection caps fitted to this descriptor limit. */
    static Loaded load(Optional<Path> configFile, Map<String, String> env, Path defaultFile, long descriptorLimit) {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(env, "env is null");
        requireNonNull(defaultFile, "defaultFile is null");
        Path yaml = configFile.orElse(defaultFile);
        ConfigLoader loader = new ConfigLoader(layers(configFile, yaml, env), env, descriptorLimit);
        loader.warnings.addAll(UnknownKeys.in(loader.config, yaml));
        SidecarConfig config = loader.read();
        return new Loaded(config, List.copyOf(loader.warnings));
    }

    private static Config layers(Optional<Path> configFile, Path yaml, Map<String, String> env) {
        Map<String, String> fromEnv = new HashMap<>();
        Map<String, String> defaults = new HashMap<>();
        for (Setting setting : Setting.values()) {
            if (!setting.defaultValue().isEmpty()) {
                defaults.put(setting.path(), setting.defaultValue());
            }
            // the later names are aliases: the legacy (first) name wins when both are set
            for (String name : setting.envNames().reversed()) {
                String value = env.get(name);
                if (value != null && !value.isEmpty()) {
                    fromEnv.put(setting.path(), value);
                }
            }
        }
        if (configFile.isPresent() && !Files.isReadable(yaml)) {
            throw new ConfigException("invalid --config='" + yaml + "': no readable file there");
        }
        // only a default file that does not exist is fine: one that cannot be read is a mistake
        if (configFile.isEmpty() && Files.exists(yaml) && !(Files.isRegularFile(yaml) && Files.isReadable(yaml))) {
            throw new ConfigException("invalid config file '" + yaml + "': it exists but is not a readable file");
        }
        try {
            Config config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .addSource(ConfigSources.create(fromEnv))
                    .addSource(ConfigSources.file(yaml).optional(configFile.isEmpty()))
                    .addSource(ConfigSources.create(defaults))
                    .build();
            config.traverse().forEach(node -> { }); // parse the YAML now, not on first use
            return config;
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof ClassCastException) {
                throw new ConfigException("invalid config file '" + yaml
                        + "': expected keys and values at its top level, such as 'poll:'");
            }
            throw new ConfigException("invalid config file '" + yaml + "': " + firstLine(e));
        }
    }

    private SidecarConfig read() {
        checkShapes();
        Duration dampening = seconds(Setting.HEALTH_DAMPENING, true);
        Duration grace = seconds(Setting.DRAIN_GRACE, true);
        if (!grace.isZero() && grace.compareTo(dampening) < 0) {
            throw ConfigException.invalid(name(Setting.DRAIN_GRACE), raw(Setting.DRAIN_GRACE),
                    "must be 0 (off) or at least " + name(Setting.HEALTH_DAMPENING)
                            + " (" + raw(Setting.HEALTH_DAMPENING) + ")");
        }
        boolean censusPoll = bool(Setting.CENSUS_POLL);
        Optional<String> censusHost = censusPoll ? Optional.of(censusHost()) : Optional.empty();
        ListenAddress http = new ListenAddress(host(Setting.HTTP_HOST), port(Setting.HTTP_PORT));
        ListenAddress agent = new ListenAddress(host(Setting.AGENT_HOST), port(Setting.AGENT_PORT));
        if (http.port() != 0 && http.port() == agent.port()) {
            throw ConfigException.invalid(name(Setting.AGENT_PORT), raw(Setting.AGENT_PORT),
                    "must differ from " + name(Setting.HTTP_PORT) + " (" + raw(Setting.HTTP_PORT) + ")");
        }
        PeerSettings peers = new PeerSettings(
                origin(Setting.JICOFO_ORIGIN),
                origin(Setting.PROSODY_ORIGIN),
                path(Setting.STATUS_FILE),
                seconds(Setting.POLL_INTERVAL, false),
                seconds(Setting.REQUEST_TIMEOUT, false),
                censusHost);
        EvaluationRules rules = new EvaluationRules(
                participantMax(),
                bool(Setting.WEIGHT_PARTICIPANTS),
                dampening,
                grace);
        LogSettings log = new LogSettings(
                choice(Setting.LOG_LEVEL, LogSettings.Level.class),
                choice(Setting.LOG_FORMAT, LogSettings.Format.class));
        DumpScripts dumps = new DumpScripts(script(Setting.JICOFO_DUMP), script(Setting.PROSODY_DUMP),
                seconds(Setting.DUMP_TIMEOUT, false));
        AgentExtensions agentExtensions = new AgentExtensions(agentMaxconn(), bool(Setting.AGENT_REASON));
        OperatorSettings operator = new OperatorSettings(eventsMax(), bool(Setting.STATUS_PAGE));
        return new SidecarConfig(http, agent, listenerLimits(), peers, rules,
                bool(Setting.REPORT_ALWAYS_200), bool(Setting.METRICS), log, dumps, agentExtensions, control(), operator,
                new ShutdownSettings(seconds(Setting.SHUTDOWN_DRAIN, true)),
                consul(censusPoll));
    }

    private ConsulSettings consul(boolean censusPoll) {
        boolean secure = bool(Setting.CONSUL_SECURE);
        URI agent = consulAgent(secure ? "https" : "http", consulPort());
        Optional<ConsulToken> token = consulToken();
        boolean watch = bool(Setting.CONSUL_STATUS);
        String statusKey = consulKey(Setting.CONSUL_STATUS_KEY);
        boolean publish = bool(Setting.CONSUL_REPORTS);
        String reportKey = consulKey(Setting.CONSUL_REPORT_KEY);
        String expectedInterval = "expected a number of seconds from 1 to " + plain(MAX_SECONDS) + " (e.g. 60)";
        Duration interval;
        try {
            interval = seconds(Setting.CONSUL_REPORTS_INTERVAL, false);
        } catch (ConfigException e) {
            throw invalid(Setting.CONSUL_REPORTS_INTERVAL, expectedInterval);
        }
        if (interval.compareTo(MIN_REPORT_INTERVAL) < 0) {
            throw invalid(Setting.CONSUL_REPORTS_INTERVAL, expectedInterval);
        }
        boolean census = bool(Setting.CENSUS_REPORTS);
        // name the other switch as the operator named this one: CENSUS_POLL or census.enabled
        boolean legacy = name(Setting.CENSUS_REPORTS).equals(Setting.CENSUS_REPORTS.legacyName());
        if (census && publish && !censusPoll) {
            // the rooms come from the census poll: without it the report would always say "no rooms"
            throw invalid(Setting.CENSUS_REPORTS, "requires "
                    + (legacy ? Setting.CENSUS_POLL.legacyName() : Setting.CENSUS_POLL.path())
                    + " to be true, since the published rooms come from the census poll");
        }
        if (census && !publish) {
            warnings.add(name(Setting.CENSUS_REPORTS) + " is true but "
                    + (legacy ? Setting.CONSUL_REPORTS.legacyName() : Setting.CONSUL_REPORTS.path())
                    + " is false: no report is published, so it has no effect");
        }
        return new ConsulSettings(agent, token, watch, statusKey, publish, reportKey, interval, census,
                ConsulSettings.MAX_WAIT);
    }

    /**
     * The listeners' timeouts, body size and connection caps. A cap left empty is fitted to the
     * descriptor limit; together the caps must leave {@link ListenerLimits#RESERVED_DESCRIPTORS}
     * descriptors for the sidecar itself, so that clients can never make an accept fail.
     */
    private ListenerLimits listenerLimits() {
        Duration idle = seconds(Setting.HTTP_IDLE_TIMEOUT, false);
        Duration request = seconds(Setting.HTTP_REQUEST_TIMEOUT, false);
        String bodyExpected = "expected a number of bytes from 1 to " + ListenerLimits.MAX_BODY_SIZE;
        int body = atLeastOne(Setting.HTTP_MAX_BODY_SIZE, bodyExpected);
        if (body > ListenerLimits.MAX_BODY_SIZE) {
            throw invalid(Setting.HTTP_MAX_BODY_SIZE, bodyExpected);
        }
        long clients = ListenerLimits.clientDescriptors(descriptorLimit);
        if (clients < 2) {
            throw new ConfigException("the limit on open files (RLIMIT_NOFILE) is " + descriptorLimit
                    + "; the sidecar needs more than " + (ListenerLimits.RESERVED_DESCRIPTORS + 1)
                    + " (raise LimitNOFILE= or ulimit -n)");
        }
        int http = connectionCap(Setting.HTTP_MAX_CONNECTIONS, ListenerLimits.fittedHttp(descriptorLimit));
        int agent = connectionCap(Setting.AGENT_MAX_CONNECTIONS, ListenerLimits.fittedAgent(descriptorLimit));
        if (http + (long) agent > clients) {
            boolean httpNamed = !raw(Setting.HTTP_MAX_CONNECTIONS).isBlank();
            Setting named = httpNamed ? Setting.HTTP_MAX_CONNECTIONS : Setting.AGENT_MAX_CONNECTIONS;
            Setting other = httpNamed ? Setting.AGENT_MAX_CONNECTIONS : Setting.HTTP_MAX_CONNECTIONS;
            int otherCap = httpNamed ? agent : http;
            // name the other cap as the operator named this one: by its variable or by its key
            String otherName = name(named).equals(named.legacyName()) && raw(other).isBlank()
                    ? other.legacyName() : name(other);
            throw invalid(named, "expected at most " + Math.max(0, clients - otherCap) + " beside " + otherName
                    + " " + otherCap + ": the limit on open files is " + descriptorLimit + ", of which "
                    + ListenerLimits.RESERVED_DESCRIPTORS + " are kept for the sidecar itself (or raise LimitNOFILE=)");
        }
        return new ListenerLimits(idle, request, http, agent, body);
    }

    private int connectionCap(Setting setting, int fitted) {
        return raw(setting).isBlank()
                ? fitted
                : atLeastOne(setting, "expected a whole number of at least 1, or empty to fit the limit on open files");
    }

    /** A port to connect to: 0 ("any free port") means something only for a listener. */
    private int consulPort() {
        try {
            int port = Integer.parseInt(raw(Setting.CONSUL_PORT).strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(Setting.CONSUL_PORT, "expected a port 1-65535");
    }

    /** {@code http(s)://host:port}; the host is not resolved here, since Consul may come up after the sidecar. */
    private URI consulAgent(String scheme, int port) {
        String host = raw(Setting.CONSUL_HOST).strip();
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
        throw invalid(Setting.CONSUL_HOST, "expected the host name or IP address of the Consul agent, such as localhost");
    }

    private String consulKey(Setting setting) {
        String value = raw(setting).strip();
        if (CONSUL_KEY.matcher(value).matches()
                && Arrays.stream(value.split("/")).noneMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return value;
        }
        throw invalid(setting, "expected a Consul KV key such as shard-states/prod/shard-1 "
                + "(letters, digits and . _ - ~ : @ + = , in segments separated by single slashes; no leading slash)");
    }

    /**
     * The token from {@code CONSUL_TOKEN} or from the file {@code CONSUL_TOKEN_FILE} names; never
     * both. An error about the token itself never shows it.
     */
    private Optional<ConsulToken> consulToken() {
        String inline = raw(Setting.CONSUL_TOKEN).strip();
        String file = raw(Setting.CONSUL_TOKEN_FILE).strip();
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw invalid(Setting.CONSUL_TOKEN_FILE, "set either " + name(Setting.CONSUL_TOKEN) + " or "
                    + name(Setting.CONSUL_TOKEN_FILE) + ", not both");
        }
        if (!inline.isEmpty()) {
            try {
                return Optional.of(new ConsulToken(inline));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid " + name(Setting.CONSUL_TOKEN)
                        + " (value not shown): expected a token of printable characters without spaces");
            }
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            text = new String(in.readNBytes(MAX_TOKEN_FILE_BYTES), StandardCharsets.UTF_8).strip();
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw invalid(Setting.CONSUL_TOKEN_FILE, "expected a readable file holding the Consul token");
        }
        if (text.isEmpty()) {
            throw invalid(Setting.CONSUL_TOKEN_FILE, "the file is empty, expected it to hold the Consul token");
        }
        try {
            return Optional.of(new ConsulToken(text));
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.CONSUL_TOKEN_FILE,
                    "expected the file to hold one token of printable characters without spaces (contents not shown)");
        }
    }

    /**
     * A list or a section where one value belongs (or a value where a section belongs) is an
     * error: read as text it would be empty, and the default would be used without a word.
     */
    private void checkShapes() {
        for (Setting setting : Setting.values()) {
            switch (config.get(setting.path()).type()) {
                case LIST -> throw ConfigException.invalid(setting.path(), "[...]", "expected a single value, not a list");
                case OBJECT -> throw ConfigException.invalid(setting.path(), "{...}", "expected a single value, not a section");
                case VALUE, MISSING -> { }
            }
        }
        for (String section : Setting.sections()) {
            Config node = config.get(section);
            if (node.hasValue()) {
                List<String> keys = new ArrayList<>();
                for (Setting setting : Setting.values()) {
                    if (setting.path().startsWith(section + ".")) {
                        keys.add(setting.path().substring(section.length() + 1));
                    }
                }
                throw ConfigException.invalid(section, node.asString().orElse(""),
                        "expected a section with " + String.join(", ", keys));
            }
        }
    }

    /** The value as written, after the layers are merged; empty when unset. */
    private String raw(Setting setting) {
        return config.get(setting.path()).asString().orElse("");
    }

    /** The name to cite in an error: the environment variable if the value came from there, else the YAML key. */
    private String name(Setting setting) {
        for (String envName : setting.envNames()) {
            String value = env.get(envName);
            if (value != null && !value.isEmpty()) {
                return envName;
            }
        }
        return setting.path();
    }

    private ConfigException invalid(Setting setting, String expected) {
        return ConfigException.invalid(name(setting), raw(setting), expected);
    }

    private int port(Setting setting) {
        String value = raw(setting).strip();
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(setting, "expected a port 1-65535, or 0 for any free port");
    }

    private String host(Setting setting) {
        String value = raw(setting).strip();
        try {
            if (!value.isEmpty()) {
                InetAddress.getByName(value);
                return value;
            }
        } catch (UnknownHostException | SecurityException e) {
            // reported below
        }
        throw invalid(setting, "expected an IP address or resolvable host name to listen on");
    }

    /**
     * The VirtualHost sent as {@code Host} to prosody's census: prosody answers 404 unless it is
     * exactly a VirtualHost's name, so a URL or a stray slash would fail every census poll.
     */
    private String censusHost() {
        String value = raw(Setting.CENSUS_HOST).strip();
        if (value.isEmpty()) {
            // nothing set it, so name it as the operator named the switch: CENSUS_POLL or census.enabled
            String missing = name(Setting.CENSUS_POLL).equals(Setting.CENSUS_POLL.legacyName())
                    ? Setting.CENSUS_HOST.legacyName()
                    : Setting.CENSUS_HOST.path();
            throw ConfigException.invalid(missing, value, "required when " + name(Setting.CENSUS_POLL) + " is true");
        }
        if (!CENSUS_HOST.matcher(value).matches()) {
            throw invalid(Setting.CENSUS_HOST, "expected the prosody VirtualHost name, such as meet.example.com");
        }
        return value;
    }

    private URI origin(Setting setting) {
        String value = raw(setting).strip();
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
        throw invalid(setting, "expected an http(s) origin such as http://localhost:8888");
    }

    private Path path(Setting setting) {
        String value = raw(setting).strip();
        try {
            if (!value.isEmpty()) {
                return Path.of(value);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw invalid(setting, "expected a file path");
    }

    private Optional<Path> script(Setting setting) {
        String value = raw(setting).strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value);
            if (path.isAbsolute() && Files.isRegularFile(path) && Files.isExecutable(path)) {
                return Optional.of(path);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw invalid(setting, "expected the absolute path of an executable file");
    }

    /**
     * Plain seconds as the legacy variables take them ({@code 5}, {@code 0.5}), or ISO-8601
     * ({@code PT5S}); from {@link #MIN_SECONDS} (or 0 where 0 means "off") to {@link #MAX_SECONDS}.
     */
    private Duration seconds(Setting setting, boolean zeroAllowed) {
        String value = raw(setting).strip();
        String expected = "expected a number of seconds from " + (zeroAllowed ? "0" : plain(MIN_SECONDS))
                + " to " + plain(MAX_SECONDS) + (zeroAllowed ? " (e.g. 30 or 0.5)" : " (e.g. 5 or 0.5)");
        Duration duration;
        try {
            duration = value.toUpperCase(Locale.ROOT).startsWith("PT")
                    ? Duration.parse(value)
                    : Duration.ofNanos(new BigDecimal(value).movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw invalid(setting, expected);
        }
        boolean off = zeroAllowed && duration.isZero();
        if (!off && (duration.compareTo(MIN_SECONDS) < 0 || duration.compareTo(MAX_SECONDS) > 0)) {
            throw invalid(setting, expected);
        }
        return duration;
    }

    private static String plain(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private boolean bool(Setting setting) {
        return switch (raw(setting).strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(setting, "expected true or false");
        };
    }

    private <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
        String value = raw(setting).strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> words = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            words.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(setting, "expected one of " + String.join(", ", words));
    }

    private int participantMax() {
        if (!env.getOrDefault("PARTIPANT_MAX", "").isEmpty()) {
            warnings.add(env.getOrDefault("PARTICIPANT_MAX", "").isEmpty()
                    ? "PARTIPANT_MAX is a misspelling kept for compatibility; please rename it to PARTICIPANT_MAX"
                    : "PARTIPANT_MAX is ignored because PARTICIPANT_MAX is set");
        }
        return atLeastOne(Setting.PARTICIPANT_MAX, "expected a whole number of at least 1");
    }

    private OptionalInt agentMaxconn() {
        return raw(Setting.AGENT_MAXCONN).isBlank()
                ? OptionalInt.empty()
                : OptionalInt.of(atLeastOne(Setting.AGENT_MAXCONN, "expected a whole number of at least 1, or empty for none"));
    }

    private int eventsMax() {
        String expected = "expected a whole number from 1 to " + OperatorSettings.MAX_EVENTS;
        int max = atLeastOne(Setting.EVENTS_MAX, expected);
        if (max > OperatorSettings.MAX_EVENTS) {
            throw invalid(Setting.EVENTS_MAX, expected);
        }
        return max;
    }

    private int atLeastOne(Setting setting, String expected) {
        try {
            int value = Integer.parseInt(raw(setting).strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(setting, expected);
    }

    /**
     * The drain-control token, from {@code STATUS_TOKEN} or the file {@code STATUS_TOKEN_FILE} names
     * (read now, trimmed). Errors never show the token: it is a secret, and the log is not.
     */
    private ControlSettings control() {
        String inline = raw(Setting.CONTROL_TOKEN).strip();
        String file = raw(Setting.CONTROL_TOKEN_FILE).strip();
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "expected only one of " + name(Setting.CONTROL_TOKEN)
                    + " and " + name(Setting.CONTROL_TOKEN_FILE));
        }
        if (file.isEmpty()) {
            if (inline.isEmpty()) {
                return ControlSettings.off();
            }
            if (!ControlSettings.validToken(inline)) {
                throw new ConfigException("invalid " + name(Setting.CONTROL_TOKEN) + " (value not shown): " + TOKEN_EXPECTED);
            }
            TokenStrength.weakness(inline).ifPresent(why -> { throw new ConfigException("invalid " + name(Setting.CONTROL_TOKEN) + " (value not shown): " + why); });
            return new ControlSettings(Optional.of(inline));
        }
        return new ControlSettings(Optional.of(tokenFromFile(file)));
    }

    private String tokenFromFile(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "expected the path of a file holding the token");
        }
        byte[] bytes;
        try (var in = Files.newInputStream(path)) {
            bytes = in.readNBytes(ControlSettings.MAX_TOKEN_LENGTH + 2); // a token, maybe a newline
        } catch (NoSuchFileException e) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "no such file");
        } catch (AccessDeniedException e) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "not readable by this user (permission denied)");
        } catch (IOException e) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "cannot be read: " + firstLine(e));
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "the file is empty; expected it to hold the token");
        }
        if (!ControlSettings.validToken(token)) {
            throw invalid(Setting.CONTROL_TOKEN_FILE, "the token in it (not shown) is unusable: " + TOKEN_EXPECTED);
        }
        TokenStrength.weakness(token).ifPresent(why -> { throw invalid(Setting.CONTROL_TOKEN_FILE, "the token in it (not shown) is " + why); });
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.add(name(Setting.CONTROL_TOKEN_FILE) + " " + path + " can be read by others than its owner (mode "
                        + PosixFilePermissions.toString(mode) + "); make it readable by the sidecar's user only: chmod 0400 "
                        + path);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions to check (or they vanished): the token was read, which is what matters
        }
        return token;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(rootCause(e).getMessage());
        int newline = message.indexOf('\n');
        return ConfigException.shown(newline < 0 ? message : message.substring(0, newline));
    }
}
