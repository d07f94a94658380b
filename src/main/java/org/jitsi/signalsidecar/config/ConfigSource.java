package org.jitsi.signalsidecar.config;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The raw configuration values: three layers merged, the first that has a key wins: the
 * environment (legacy names such as {@code HTTP_PORT}), the YAML file, the built-in defaults of
 * {@link Setting}. It knows the name each value came by, so every error names the key as the
 * operator wrote it, and it reads the types every settings record shares (seconds, booleans,
 * words, whole numbers) with their one-line error. What a value means is the record's business.
 */
final class ConfigSource {
    /** The longest interval or timeout accepted: beyond it a typo, not a setting. */
    static final Duration MAX_SECONDS = Duration.ofDays(1);
    /** The shortest non-zero one: sockets round anything shorter to 0, which means "no timeout". */
    private static final Duration MIN_SECONDS = Duration.ofMillis(1);

    private final Map<Setting, String> values;
    private final Map<Setting, String> names;

    private ConfigSource(Map<Setting, String> values, Map<Setting, String> names) {
        this.values = values;
        this.names = names;
    }

    /** Only the built-in defaults: what each settings record is when nothing is configured. */
    static ConfigSource defaults() {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> names = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, setting.defaultValue());
            names.put(setting, setting.path());
        }
        return new ConfigSource(values, names);
    }

    /**
     * The layers merged, with every value's shape checked.
     *
     * @param configFile the file named by the operator, if any
     * @param yaml       the file read: the named one, else the default one, which may be missing
     * @param env        the process environment
     * @param warnings   takes what the operator should be told: unknown keys, a misspelt alias
     */
    static ConfigSource load(Optional<Path> configFile, Path yaml, Map<String, String> env, List<String> warnings) {
        requireNonNull(env, "env is null");
        Map<Setting, ConsulVariables.Fallback> consul = ConsulVariables.from(env);
        Config config = layers(configFile, yaml, env, consul);
        warnings.addAll(UnknownKeys.in(config, yaml));
        checkShapes(config);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> names = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, config.get(setting.path()).asString().orElse(""));
            ConsulVariables.Fallback fallback = consul.get(setting);
            String fallbackName = fallback != null && fallback.value().equals(values.get(setting))
                    ? fallback.variable() : setting.path();
            names.put(setting, setting.envNames().stream()
                    .filter(name -> !env.getOrDefault(name, "").isEmpty())
                    .findFirst()
                    .orElse(fallbackName));
        }
        if (!env.getOrDefault("PARTIPANT_MAX", "").isEmpty()) {
            warnings.add(env.getOrDefault("PARTICIPANT_MAX", "").isEmpty()
                    ? "PARTIPANT_MAX is a misspelling kept for compatibility; please rename it to PARTICIPANT_MAX"
                    : "PARTIPANT_MAX is ignored because PARTICIPANT_MAX is set");
        }
        return new ConfigSource(values, names);
    }

    private static Config layers(Optional<Path> configFile, Path yaml, Map<String, String> env,
                                 Map<Setting, ConsulVariables.Fallback> consul) {
        Map<String, String> fromEnv = new HashMap<>();
        Map<String, String> fromConsulVariables = new HashMap<>();
        consul.forEach((setting, fallback) -> fromConsulVariables.put(setting.path(), fallback.value()));
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
        Optional<String> text = ConfigFileText.read(configFile, yaml);
        try {
            Config.Builder builder = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .addSource(ConfigSources.create(fromEnv));
            text.ifPresent(yamlText -> builder.addSource(ConfigSources.create(yamlText, MediaTypes.APPLICATION_YAML)));
            Config config = builder
                    .addSource(ConfigSources.create(fromConsulVariables)) // below the sidecar's own settings
                    .addSource(ConfigSources.create(defaults))
                    .build();
            config.traverse().forEach(node -> { }); // parse the YAML now, not on first use
            return config;
        } catch (RuntimeException e) {
            if (ConfigException.rootCause(e) instanceof ClassCastException) {
                throw new ConfigException("invalid config file '" + yaml
                        + "': expected keys and values at its top level, such as 'poll:'");
            }
            throw new ConfigException("invalid config file '" + yaml + "': " + ConfigException.firstLine(e));
        }
    }

    /**
     * A list or a section where one value belongs (or a value where a section belongs) is an
     * error: read as text it would be empty, and the default would be used without a word.
     */
    private static void checkShapes(Config config) {
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
    String raw(Setting setting) {
        return values.get(setting);
    }

    /** The value as written, without surrounding white space. */
    String text(Setting setting) {
        return raw(setting).strip();
    }

    /** Whether the value came from one of Consul's own variables ({@link ConsulVariables}). */
    boolean fromConsulVariable(Setting setting) {
        return ConsulVariables.NAMES.contains(name(setting));
    }

    /** The name to cite in an error: the environment variable if the value came from there, else the YAML key. */
    String name(Setting setting) {
        return names.get(setting);
    }

    /** {@code other}'s name as the operator named {@code setting}: by its legacy variable, or by its YAML key. */
    String nameAlike(Setting other, Setting setting) {
        return name(setting).equals(setting.legacyName()) ? other.legacyName() : other.path();
    }

    /** The one line for a bad value of {@code setting}: its name, its value, what was expected. */
    ConfigException invalid(Setting setting, String expected) {
        return ConfigException.invalid(name(setting), raw(setting), expected);
    }

    /**
     * Plain seconds as the legacy variables take them ({@code 5}, {@code 0.5}), or ISO-8601
     * ({@code PT5S}); from {@link #MIN_SECONDS} to {@link #MAX_SECONDS}.
     */
    Duration seconds(Setting setting) {
        return seconds(setting, false);
    }

    /**
     * As {@link #seconds}, from {@code min} to {@code max}; any other value, or one that is no
     * number of seconds at all, is refused with {@code expected}.
     */
    Duration secondsWithin(Setting setting, Duration min, Duration max, String expected) {
        Duration duration;
        try {
            duration = seconds(setting);
        } catch (ConfigException e) {
            throw invalid(setting, expected);
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw invalid(setting, expected);
        }
        return duration;
    }

    /** As {@link #seconds}, where 0 is also accepted and means "off". */
    Duration secondsOrOff(Setting setting) {
        return seconds(setting, true);
    }

    private Duration seconds(Setting setting, boolean zeroAllowed) {
        String value = text(setting);
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

    /** Seconds as the messages write them: {@code 0.001}, {@code 86400}. */
    static String plain(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    boolean bool(Setting setting) {
        return switch (text(setting).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(setting, "expected true or false");
        };
    }

    /** One of the enum's constants, named in any case. */
    <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
        String value = text(setting);
        List<String> words = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
            words.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(setting, "expected one of " + String.join(", ", words));
    }

    /** A whole number from 1 to {@code max}; else the error says {@code expected}. */
    int wholeNumber(Setting setting, int max, String expected) {
        try {
            int value = Integer.parseInt(text(setting));
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(setting, expected);
    }

    /** A whole number of at least 1; else the error says {@code expected}. */
    int wholeNumber(Setting setting, String expected) {
        return wholeNumber(setting, Integer.MAX_VALUE, expected);
    }
}
