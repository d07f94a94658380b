package org.jitsi.signalsidecar.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One configuration key: its path in the YAML file, its built-in default, and the environment
 * names that set it (the first is the legacy name of the original signal-sidecar; more are
 * accepted aliases). The only place where defaults are written down.
 */
enum Setting {
    HTTP_HOST("http.host", "0.0.0.0", "HTTP_HOST"),
    HTTP_PORT("http.port", "6000", "HTTP_PORT"),
    HTTP_IDLE_TIMEOUT("http.idle-timeout", "30", "HTTP_IDLE_TIMEOUT"),
    HTTP_REQUEST_TIMEOUT("http.request-timeout", "10", "HTTP_REQUEST_TIMEOUT"),
    HTTP_MAX_CONNECTIONS("http.max-connections", "", "HTTP_MAX_CONNECTIONS"),
    HTTP_MAX_BODY_SIZE("http.max-body-size", "1024", "HTTP_MAX_BODY_SIZE"),
    AGENT_HOST("agent.host", "0.0.0.0", "TCP_HOST"),
    AGENT_PORT("agent.port", "6060", "TCP_PORT"),
    AGENT_MAX_CONNECTIONS("agent.max-connections", "", "TCP_MAX_CONNECTIONS"),
    AGENT_MAXCONN("agent.maxconn", "", "AGENT_MAXCONN"),
    AGENT_REASON("agent.reason", "false", "AGENT_REASON"),
    JICOFO_ORIGIN("jicofo.origin", "http://localhost:8888", "JICOFO_ORIG"),
    JICOFO_DUMP("jicofo.dump", "", "JICOFO_DUMP"),
    PROSODY_ORIGIN("prosody.origin", "http://localhost:5280", "PROSODY_ORIG"),
    PROSODY_DUMP("prosody.dump", "", "PROSODY_DUMP"),
    DUMP_TIMEOUT("dump.timeout", "60", "DUMP_TIMEOUT"),
    STATUS_FILE("status-file", "/etc/jitsi/shard-status", "STATUS_PATH"),
    POLL_INTERVAL("poll.interval", "5", "POLLING_INTERVAL"),
    REQUEST_TIMEOUT("poll.request-timeout", "3", "REQUEST_TIMEOUT"),
    PARTICIPANT_MAX("participants.max", "5000", "PARTICIPANT_MAX", "PARTIPANT_MAX"),
    WEIGHT_PARTICIPANTS("participants.weight", "false", "WEIGHT_PARTICIPANTS"),
    HEALTH_DAMPENING("flap.health-dampening-interval", "30", "HEALTH_DAMPENING_INTERVAL"),
    DRAIN_GRACE("flap.drain-grace-interval", "120", "DRAIN_GRACE_INTERVAL"),
    CENSUS_POLL("census.enabled", "false", "CENSUS_POLL"),
    CENSUS_HOST("census.host", "", "CENSUS_HOST"),
    REPORT_ALWAYS_200("report.always-200", "false", "REPORT_ALWAYS_200"),
    METRICS("metrics.enabled", "true", "METRICS"),
    LOG_LEVEL("log.level", "info", "LOG_LEVEL"),
    LOG_FORMAT("log.format", "text", "LOG_FORMAT"),
    CONTROL_TOKEN("control.token", "", "STATUS_TOKEN"),
    CONTROL_TOKEN_FILE("control.token-file", "", "STATUS_TOKEN_FILE"),
    EVENTS_MAX("events.max", "200", "EVENTS_MAX"),
    STATUS_PAGE("page.enabled", "true", "STATUS_PAGE"),
    SHUTDOWN_DRAIN("shutdown.drain-seconds", "0", "SHUTDOWN_DRAIN_SECONDS"),
    CONSUL_HOST("consul.host", "localhost", "CONSUL_HOST"),
    CONSUL_PORT("consul.port", "8500", "CONSUL_PORT"),
    CONSUL_SECURE("consul.secure", "false", "CONSUL_SECURE"),
    CONSUL_TOKEN("consul.token", "", "CONSUL_TOKEN"),
    CONSUL_TOKEN_FILE("consul.token-file", "", "CONSUL_TOKEN_FILE"),
    CONSUL_CA_FILE("consul.tls.ca-file", "", "CONSUL_CACERT"),
    CONSUL_CA_PATH("consul.tls.ca-path", "", "CONSUL_CAPATH"),
    CONSUL_CERT_FILE("consul.tls.cert-file", "", "CONSUL_CLIENT_CERT"),
    CONSUL_KEY_FILE("consul.tls.key-file", "", "CONSUL_CLIENT_KEY"),
    CONSUL_SERVER_NAME("consul.tls.server-name", "", "CONSUL_TLS_SERVER_NAME"),
    CONSUL_VERIFY("consul.tls.verify", "true", "CONSUL_HTTP_SSL_VERIFY"),
    CONSUL_STATUS("consul.status.enabled", "false", "CONSUL_STATUS"),
    CONSUL_STATUS_KEY("consul.status.key", "shard-state", "CONSUL_STATUS_KEY"),
    CONSUL_STATUS_WAIT("consul.status.wait", "55", "CONSUL_STATUS_WAIT"),
    CONSUL_STATUS_MAX_STALE("consul.status.max-stale", "5", "CONSUL_STATUS_MAX_STALE"),
    CONSUL_REPORTS("consul.reports.enabled", "false", "CONSUL_REPORTS"),
    CONSUL_REPORT_KEY("consul.reports.key", "shard-report", "CONSUL_REPORT_KEY"),
    CONSUL_REPORTS_INTERVAL("consul.reports.interval", "60", "CONSUL_REPORTS_INTERVAL"),
    CENSUS_REPORTS("consul.reports.census", "false", "CENSUS_REPORTS");

    private final String path;
    private final String defaultValue;
    private final List<String> envNames;

    Setting(String path, String defaultValue, String... envNames) {
        this.path = path;
        this.defaultValue = defaultValue;
        this.envNames = List.of(envNames);
    }

    /** The built-in default, as it would be written in YAML; empty means "not set". */
    String defaultValue() {
        return defaultValue;
    }

    String path() {
        return path;
    }

    List<String> envNames() {
        return envNames;
    }

    String legacyName() {
        return envNames.getFirst();
    }

    /** The YAML sections that hold settings, such as {@code poll} for {@code poll.interval}. */
    static Set<String> sections() {
        Set<String> sections = new TreeSet<>();
        for (Setting setting : values()) {
            for (int dot = setting.path.indexOf('.'); dot > 0; dot = setting.path.indexOf('.', dot + 1)) {
                sections.add(setting.path.substring(0, dot));
            }
        }
        return sections;
    }
}
