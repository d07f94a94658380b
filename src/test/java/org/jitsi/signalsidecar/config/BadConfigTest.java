package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-configuration table: every {@link Setting} with every kind of bad value it can take,
 * from the environment and from the YAML file, and the one line that stops startup. A new setting
 * does not compile here until {@link #kinds} says which kinds of bad value it can take, and fails
 * {@link #everySettingHasARowForEveryKindOfBadValueItCanTake} until the table has them.
 * {@code MainTest} runs the same rows through {@code Main}: exit 78 and exactly that line.
 */
class BadConfigTest {
    /** What is wrong with a value. */
    enum Kind {
        /** Not the type at all: a word for a number, a list for a value. */
        WRONG_TYPE,
        /** The right type, outside what is accepted (or at odds with another key). */
        OUT_OF_RANGE,
        /** Not a URL the sidecar can ask, or not a path it can use. */
        UNPARSABLE,
        /** Not one of the words accepted. */
        UNKNOWN_WORD
    }

    /**
     * One bad value.
     *
     * @param setting the key that is wrong
     * @param kind    how
     * @param env     the environment that sets it
     * @param yaml    the config file that sets it ({@code {}} when the environment does)
     * @param message the one line that stops startup
     */
    record Bad(Setting setting, Kind kind, Map<String, String> env, String yaml, String message) {
        @Override
        public String toString() {
            return setting + " " + kind + ": " + message;
        }
    }

    /** The kinds of bad value a setting can take: each needs a row. */
    static Set<Kind> kinds(Setting setting) {
        return switch (setting) {
            case HTTP_PORT, AGENT_PORT, AGENT_MAXCONN, PARTICIPANT_MAX, POLL_INTERVAL, REQUEST_TIMEOUT,
                 HEALTH_DAMPENING, DRAIN_GRACE, DUMP_TIMEOUT, SHUTDOWN_DRAIN -> EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case HTTP_IDLE_TIMEOUT, HTTP_REQUEST_TIMEOUT, HTTP_MAX_CONNECTIONS, AGENT_MAX_CONNECTIONS, HTTP_MAX_BODY_SIZE ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case HTTP_HOST, AGENT_HOST, STATUS_FILE, JICOFO_DUMP, PROSODY_DUMP, CENSUS_HOST ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.UNPARSABLE);
            case JICOFO_ORIGIN, PROSODY_ORIGIN -> EnumSet.of(Kind.WRONG_TYPE, Kind.UNPARSABLE);
            case AGENT_REASON, WEIGHT_PARTICIPANTS, CENSUS_POLL, REPORT_ALWAYS_200, METRICS ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.UNKNOWN_WORD);
            case LOG_LEVEL, LOG_FORMAT -> EnumSet.of(Kind.WRONG_TYPE, Kind.UNKNOWN_WORD);
            case CONTROL_TOKEN -> EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case CONTROL_TOKEN_FILE -> EnumSet.of(Kind.WRONG_TYPE, Kind.UNPARSABLE);
            case EVENTS_MAX -> EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case STATUS_PAGE, CONSUL_SECURE, CONSUL_STATUS, CONSUL_REPORTS, CENSUS_REPORTS ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.UNKNOWN_WORD);
            case CONSUL_PORT, CONSUL_REPORTS_INTERVAL, CONSUL_TOKEN -> EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case CONSUL_HOST, CONSUL_TOKEN_FILE, CONSUL_STATUS_KEY, CONSUL_REPORT_KEY ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.UNPARSABLE);
            case CONSUL_STATUS_WAIT, CONSUL_STATUS_MAX_STALE -> EnumSet.of(Kind.WRONG_TYPE, Kind.OUT_OF_RANGE);
            case CONSUL_CA_FILE, CONSUL_CA_PATH, CONSUL_CERT_FILE, CONSUL_KEY_FILE, CONSUL_SERVER_NAME ->
                    EnumSet.of(Kind.WRONG_TYPE, Kind.UNPARSABLE);
            case CONSUL_VERIFY -> EnumSet.of(Kind.WRONG_TYPE, Kind.UNKNOWN_WORD);
        };
    }

    private static final String SECONDS = "expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)";
    private static final String SECONDS_OR_OFF = "expected a number of seconds from 0 to 86400 (e.g. 30 or 0.5)";
    private static final String PORT = "expected a port 1-65535, or 0 for any free port";
    private static final String ORIGIN = "expected an http(s) origin such as http://localhost:8888";
    private static final String BOOLEAN = "expected true or false";
    private static final String EXECUTABLE = "expected the absolute path of an executable file";
    private static final String HOST = "expected an IP address or resolvable host name to listen on";
    private static final String LIST = "expected a single value, not a list";
    private static final String SECTION = "expected a single value, not a section";

    static List<Bad> table() {
        List<Bad> rows = new ArrayList<>();
        // from the environment, named by its legacy variable
        env(rows, Setting.HTTP_PORT, Kind.WRONG_TYPE, "abc", PORT);
        env(rows, Setting.HTTP_PORT, Kind.OUT_OF_RANGE, "-1", PORT);
        env(rows, Setting.AGENT_PORT, Kind.OUT_OF_RANGE, "65536", PORT);
        env(rows, Setting.AGENT_PORT, Kind.OUT_OF_RANGE, "6000", "must differ from http.port (6000)");
        env(rows, Setting.HTTP_HOST, Kind.UNPARSABLE, "no such host.invalid", HOST);
        env(rows, Setting.AGENT_HOST, Kind.UNPARSABLE, "256.1.1.1 x", HOST);
        env(rows, Setting.AGENT_MAXCONN, Kind.OUT_OF_RANGE, "0", "expected a whole number of at least 1, or empty for none");
        env(rows, Setting.AGENT_MAXCONN, Kind.WRONG_TYPE, "1.5", "expected a whole number of at least 1, or empty for none");
        env(rows, Setting.AGENT_REASON, Kind.UNKNOWN_WORD, "maybe", BOOLEAN);
        env(rows, Setting.HTTP_IDLE_TIMEOUT, Kind.WRONG_TYPE, "30s", SECONDS);
        env(rows, Setting.HTTP_IDLE_TIMEOUT, Kind.OUT_OF_RANGE, "0", SECONDS);
        env(rows, Setting.HTTP_REQUEST_TIMEOUT, Kind.WRONG_TYPE, "ten", SECONDS);
        env(rows, Setting.HTTP_REQUEST_TIMEOUT, Kind.OUT_OF_RANGE, "-10", SECONDS);
        String cap = "expected a whole number of at least 1, or empty to fit the limit on open files";
        env(rows, Setting.HTTP_MAX_CONNECTIONS, Kind.WRONG_TYPE, "many", cap);
        env(rows, Setting.HTTP_MAX_CONNECTIONS, Kind.OUT_OF_RANGE, "0", cap);
        env(rows, Setting.AGENT_MAX_CONNECTIONS, Kind.WRONG_TYPE, "1e3", cap);
        env(rows, Setting.AGENT_MAX_CONNECTIONS, Kind.OUT_OF_RANGE, "-1", cap);
        env(rows, Setting.HTTP_MAX_BODY_SIZE, Kind.WRONG_TYPE, "1k", "expected a number of bytes from 1 to 1048576");
        env(rows, Setting.HTTP_MAX_BODY_SIZE, Kind.OUT_OF_RANGE, "1048577", "expected a number of bytes from 1 to 1048576");
        env(rows, Setting.JICOFO_ORIGIN, Kind.UNPARSABLE, "localhost:8888", ORIGIN);
        env(rows, Setting.JICOFO_ORIGIN, Kind.UNPARSABLE, "http://[::1", ORIGIN);
        env(rows, Setting.JICOFO_ORIGIN, Kind.UNPARSABLE, "http://localhost:8888/?x=1", ORIGIN);
        env(rows, Setting.PROSODY_ORIGIN, Kind.UNPARSABLE, "ftp://localhost", ORIGIN);
        env(rows, Setting.PROSODY_ORIGIN, Kind.UNPARSABLE, "http://", ORIGIN);
        env(rows, Setting.PROSODY_ORIGIN, Kind.UNPARSABLE, "http://user:secret@localhost:5280", ORIGIN);
        env(rows, Setting.JICOFO_DUMP, Kind.UNPARSABLE, "/nonexistent/dump.sh", EXECUTABLE);
        env(rows, Setting.PROSODY_DUMP, Kind.UNPARSABLE, "dump.sh", EXECUTABLE);
        env(rows, Setting.DUMP_TIMEOUT, Kind.WRONG_TYPE, "a minute", SECONDS);
        env(rows, Setting.DUMP_TIMEOUT, Kind.OUT_OF_RANGE, "0", SECONDS);
        env(rows, Setting.POLL_INTERVAL, Kind.WRONG_TYPE, "five", SECONDS);
        env(rows, Setting.POLL_INTERVAL, Kind.OUT_OF_RANGE, "0", SECONDS);
        env(rows, Setting.POLL_INTERVAL, Kind.OUT_OF_RANGE, "PT100000000H", SECONDS);
        env(rows, Setting.REQUEST_TIMEOUT, Kind.OUT_OF_RANGE, "-1", SECONDS);
        env(rows, Setting.REQUEST_TIMEOUT, Kind.OUT_OF_RANGE, "0.0001", SECONDS);
        env(rows, Setting.REQUEST_TIMEOUT, Kind.WRONG_TYPE, "NaN", SECONDS);
        env(rows, Setting.PARTICIPANT_MAX, Kind.OUT_OF_RANGE, "0", "expected a whole number of at least 1");
        env(rows, Setting.PARTICIPANT_MAX, Kind.OUT_OF_RANGE, "99999999999", "expected a whole number of at least 1");
        rows.add(new Bad(Setting.PARTICIPANT_MAX, Kind.WRONG_TYPE, Map.of("PARTIPANT_MAX", "lots"), "{}",
                "invalid PARTIPANT_MAX='lots': expected a whole number of at least 1"));
        env(rows, Setting.WEIGHT_PARTICIPANTS, Kind.UNKNOWN_WORD, "tru", BOOLEAN);
        env(rows, Setting.HEALTH_DAMPENING, Kind.WRONG_TYPE, "30s", SECONDS_OR_OFF);
        env(rows, Setting.HEALTH_DAMPENING, Kind.OUT_OF_RANGE, "86401", SECONDS_OR_OFF);
        env(rows, Setting.DRAIN_GRACE, Kind.OUT_OF_RANGE, "10",
                "must be 0 (off) or at least flap.health-dampening-interval (30)");
        rows.add(new Bad(Setting.DRAIN_GRACE, Kind.OUT_OF_RANGE,
                Map.of("DRAIN_GRACE_INTERVAL", "10", "HEALTH_DAMPENING_INTERVAL", "20"), "{}",
                "invalid DRAIN_GRACE_INTERVAL='10': must be 0 (off) or at least HEALTH_DAMPENING_INTERVAL (20)"));
        env(rows, Setting.DRAIN_GRACE, Kind.WRONG_TYPE, "2 minutes", SECONDS_OR_OFF);
        env(rows, Setting.CENSUS_POLL, Kind.UNKNOWN_WORD, "garbage", BOOLEAN);
        rows.add(new Bad(Setting.CENSUS_HOST, Kind.UNPARSABLE, Map.of("CENSUS_POLL", "true"), "{}",
                "invalid CENSUS_HOST='': required when CENSUS_POLL is true"));
        rows.add(new Bad(Setting.CENSUS_HOST, Kind.UNPARSABLE,
                Map.of("CENSUS_POLL", "true", "CENSUS_HOST", "https://meet.example.com/"), "{}",
                "invalid CENSUS_HOST='https://meet.example.com/': expected the prosody VirtualHost name, such as meet.example.com"));
        env(rows, Setting.REPORT_ALWAYS_200, Kind.UNKNOWN_WORD, "2", BOOLEAN);
        env(rows, Setting.METRICS, Kind.UNKNOWN_WORD, "maybe", BOOLEAN);
        env(rows, Setting.LOG_LEVEL, Kind.UNKNOWN_WORD, "verbose", "expected one of debug, info, warn, error");
        env(rows, Setting.LOG_FORMAT, Kind.UNKNOWN_WORD, "xml", "expected one of text, json");
        env(rows, Setting.STATUS_FILE, Kind.UNPARSABLE, " ", "expected a file path");
        env(rows, Setting.POLL_INTERVAL, Kind.WRONG_TYPE, "5\nREQUEST_TIMEOUT=1", SECONDS);
        rows.add(new Bad(Setting.CONTROL_TOKEN, Kind.OUT_OF_RANGE, Map.of("STATUS_TOKEN", "short"), "{}",
                "invalid STATUS_TOKEN (value not shown): expected 16 to 1024 visible ASCII characters without spaces"
                        + " (e.g. openssl rand -hex 32)"));
        env(rows, Setting.CONTROL_TOKEN_FILE, Kind.UNPARSABLE, "/nonexistent/token", "no such file");
        rows.add(new Bad(Setting.CONTROL_TOKEN, Kind.OUT_OF_RANGE, Map.of("STATUS_TOKEN", "aaaaaaaaaaaaaaaa"), "{}",
                "invalid STATUS_TOKEN (value not shown): too easy to guess: only 1 different character; expected at least"
                        + " 8 different characters (e.g. openssl rand -hex 32)"));
        rows.add(new Bad(Setting.CONTROL_TOKEN, Kind.OUT_OF_RANGE, Map.of("STATUS_TOKEN", "drain-drain-drain-drain"), "{}",
                "invalid STATUS_TOKEN (value not shown): too easy to guess: only 6 different characters; expected at least"
                        + " 8 different characters (e.g. openssl rand -hex 32)"));
        env(rows, Setting.EVENTS_MAX, Kind.OUT_OF_RANGE, "0", "expected a whole number from 1 to 10000");
        env(rows, Setting.EVENTS_MAX, Kind.OUT_OF_RANGE, "10001", "expected a whole number from 1 to 10000");
        env(rows, Setting.EVENTS_MAX, Kind.WRONG_TYPE, "many", "expected a whole number from 1 to 10000");
        env(rows, Setting.STATUS_PAGE, Kind.UNKNOWN_WORD, "hidden", BOOLEAN);
        env(rows, Setting.SHUTDOWN_DRAIN, Kind.WRONG_TYPE, "10s", SECONDS_OR_OFF);
        env(rows, Setting.SHUTDOWN_DRAIN, Kind.OUT_OF_RANGE, "-5", SECONDS_OR_OFF);
        String kvKey = "expected a Consul KV key such as shard-states/prod/shard-1 (letters, digits and , _ . - in"
                + " segments separated by single slashes, as Consul accepts; no leading slash)";
        env(rows, Setting.CONSUL_HOST, Kind.UNPARSABLE, "http://consul:8500",
                "expected the host name or IP address of the Consul agent, such as localhost");
        env(rows, Setting.CONSUL_PORT, Kind.OUT_OF_RANGE, "85000", "expected a port 1-65535");
        env(rows, Setting.CONSUL_PORT, Kind.OUT_OF_RANGE, "0", "expected a port 1-65535");
        env(rows, Setting.CONSUL_SECURE, Kind.UNKNOWN_WORD, "tls", BOOLEAN);
        env(rows, Setting.CONSUL_STATUS, Kind.UNKNOWN_WORD, "on please", BOOLEAN);
        env(rows, Setting.CONSUL_REPORTS, Kind.UNKNOWN_WORD, "yes!", BOOLEAN);
        env(rows, Setting.CENSUS_REPORTS, Kind.UNKNOWN_WORD, "2", BOOLEAN);
        env(rows, Setting.CONSUL_STATUS_KEY, Kind.UNPARSABLE, "/shard-states/prod", kvKey);
        env(rows, Setting.CONSUL_REPORT_KEY, Kind.UNPARSABLE, "signal-report/prod shard?x", kvKey);
        env(rows, Setting.CONSUL_REPORT_KEY, Kind.UNPARSABLE, "signal-report/../other", kvKey);
        env(rows, Setting.CONSUL_REPORTS_INTERVAL, Kind.OUT_OF_RANGE, "0.5",
                "expected a number of seconds from 1 to 86400 (e.g. 60)");
        env(rows, Setting.CONSUL_REPORTS_INTERVAL, Kind.WRONG_TYPE, "sixty",
                "expected a number of seconds from 1 to 86400 (e.g. 60)");
        rows.add(new Bad(Setting.CENSUS_REPORTS, Kind.UNKNOWN_WORD, Map.of("CONSUL_REPORTS", "true", "CENSUS_REPORTS", "true"),
                "{}", "invalid CENSUS_REPORTS='true': requires CENSUS_POLL to be true, since the published rooms come from"
                        + " the census poll"));
        rows.add(new Bad(Setting.CONSUL_TOKEN, Kind.OUT_OF_RANGE,
                Map.of("CONSUL_TOKEN", "t", "CONSUL_TOKEN_FILE", "/etc/consul-token"), "{}",
                "invalid CONSUL_TOKEN_FILE='/etc/consul-token': set either CONSUL_TOKEN or CONSUL_TOKEN_FILE, not both"));
        env(rows, Setting.CONSUL_TOKEN_FILE, Kind.UNPARSABLE, "/nonexistent/consul-token",
                "expected a readable file holding the Consul token");
        // keys Consul rejects: every read would fail with 500 for the life of the process
        env(rows, Setting.CONSUL_STATUS_KEY, Kind.UNPARSABLE, "shard-states/prod:shard-1", kvKey);
        env(rows, Setting.CONSUL_REPORT_KEY, Kind.UNPARSABLE, "signal-report/~me", kvKey);
        env(rows, Setting.CONSUL_STATUS_KEY, Kind.UNPARSABLE, "shard-states/a+b=c@d", kvKey);
        String wait = "expected a number of seconds from 1 to 600 (Consul's limit), below the idle timeout of any proxy"
                + " or NAT in between (e.g. 55)";
        env(rows, Setting.CONSUL_STATUS_WAIT, Kind.WRONG_TYPE, "55s", wait);
        env(rows, Setting.CONSUL_STATUS_WAIT, Kind.OUT_OF_RANGE, "601", wait);
        env(rows, Setting.CONSUL_STATUS_WAIT, Kind.OUT_OF_RANGE, "0.5", wait);
        env(rows, Setting.CONSUL_STATUS_MAX_STALE, Kind.WRONG_TYPE, "5s", SECONDS);
        env(rows, Setting.CONSUL_STATUS_MAX_STALE, Kind.OUT_OF_RANGE, "0", SECONDS);
        env(rows, Setting.CONSUL_VERIFY, Kind.UNKNOWN_WORD, "maybe", BOOLEAN);
        secure(rows, Setting.CONSUL_CA_FILE, "/nonexistent/consul-ca.pem", "expected a readable PEM file");
        secure(rows, Setting.CONSUL_CA_FILE, "/dev/null", "expected PEM certificates (BEGIN CERTIFICATE) in /dev/null");
        secure(rows, Setting.CONSUL_CA_PATH, "/nonexistent/consul-ca.d",
                "expected a readable directory of PEM CA certificates");
        secure(rows, Setting.CONSUL_CERT_FILE, "/nonexistent/client.pem",
                "requires CONSUL_CLIENT_KEY too: a client certificate is sent with its private key");
        secure(rows, Setting.CONSUL_KEY_FILE, "/nonexistent/client-key.pem",
                "requires CONSUL_CLIENT_CERT too: a client certificate is sent with its private key");
        secure(rows, Setting.CONSUL_SERVER_NAME, "server dc1 consul",
                "expected the DNS name on the agent's certificate, such as server.dc1.consul");
        rows.add(new Bad(Setting.CONSUL_HOST, Kind.UNPARSABLE, Map.of("CONSUL_HTTP_ADDR", "unix:///run/consul.sock"), "{}",
                "invalid CONSUL_HTTP_ADDR='unix:///run/consul.sock': expected the Consul agent's address as host:port"
                        + " or http(s)://host:port (a unix socket is not supported)"));

        // from the file, named by its YAML key: values the environment cannot even hold
        yaml(rows, Setting.STATUS_FILE, Kind.UNPARSABLE, "\"a\\0b\"", "a\\u0000b", "expected a file path");
        yaml(rows, Setting.AGENT_PORT, Kind.WRONG_TYPE, "seventy", "seventy", PORT);
        yaml(rows, Setting.PARTICIPANT_MAX, Kind.WRONG_TYPE, "1e3", "1000.0", "expected a whole number of at least 1");
        yaml(rows, Setting.LOG_LEVEL, Kind.UNKNOWN_WORD, "~", "", "expected one of debug, info, warn, error");
        // a list or a section where one value belongs, for every key
        for (Setting setting : Setting.values()) {
            yaml(rows, setting, Kind.WRONG_TYPE, "[1, 2]", "[...]", LIST);
            yaml(rows, setting, Kind.WRONG_TYPE, "{x: 1}", "{...}", SECTION);
        }
        return rows;
    }

    private static void env(List<Bad> rows, Setting setting, Kind kind, String value, String expected) {
        rows.add(new Bad(setting, kind, Map.of(setting.legacyName(), value), "{}",
                "invalid " + setting.legacyName() + "='" + ConfigException.shown(value) + "': " + expected));
    }

    /** A TLS setting, with Consul spoken to over https (else it is not read). */
    private static void secure(List<Bad> rows, Setting setting, String value, String expected) {
        rows.add(new Bad(setting, Kind.UNPARSABLE, Map.of("CONSUL_SECURE", "true", setting.legacyName(), value), "{}",
                "invalid " + setting.legacyName() + "='" + ConfigException.shown(value) + "': " + expected));
    }

    /** {@code value} as YAML under the setting's key; {@code shown} as the message quotes it. */
    private static void yaml(List<Bad> rows, Setting setting, Kind kind, String value, String shown, String expected) {
        rows.add(new Bad(setting, kind, Map.of(), yamlAt(setting.path(), value),
                "invalid " + setting.path() + "='" + shown + "': " + expected));
    }

    /** {@code a.b: v} as nested YAML: {@code a:\n  b: v}. */
    static String yamlAt(String path, String value) {
        String[] keys = path.split("\\.");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            yaml.append("  ".repeat(i)).append(keys[i]).append(':');
            yaml.append(i == keys.length - 1 ? " " + value + "\n" : "\n");
        }
        return yaml.toString();
    }

    /** The table for {@code MainTest}: name, environment, YAML text, message. */
    public static Stream<Arguments> asArguments() {
        return table().stream().map(bad -> arguments(bad.toString(), bad.env(), bad.yaml(), bad.message()));
    }

    @TempDir
    Path dir;

    @Test
    void everySettingHasARowForEveryKindOfBadValueItCanTake() {
        List<Bad> rows = table();
        for (Setting setting : Setting.values()) {
            for (Kind kind : kinds(setting)) {
                assertThat(rows).as("a bad value of kind %s for %s", kind, setting)
                        .anyMatch(bad -> bad.setting() == setting && bad.kind() == kind);
            }
        }
        assertThat(rows).allSatisfy(bad -> assertThat(kinds(bad.setting())).contains(bad.kind()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyBadValueStopsTheLoaderWithItsOneLine(Bad bad) {
        Path file = write(bad.yaml());
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), bad.env()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(bad.message());
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
