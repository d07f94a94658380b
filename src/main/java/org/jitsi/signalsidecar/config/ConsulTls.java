package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * How the sidecar speaks HTTPS to Consul, as Consul deployments set it up: a private CA, a client
 * certificate for {@code verify_incoming}, and the name on the servers' certificates
 * ({@code server.<datacenter>.consul}). Read and checked at start.
 *
 * @param trust      the CA certificates trusted; empty: the JVM's trusted certificates
 * @param key        the client certificate's private key, if the agent asks for one
 * @param certChain  the client certificate (and its intermediates); present exactly when {@code key} is
 * @param serverName the name the agent's certificate must carry (and the TLS server name sent),
 *                   instead of the host connected to
 * @param verify     check the agent's certificate at all; off only by an explicit setting, and logged
 */
public record ConsulTls(List<X509Certificate> trust, Optional<PrivateKey> key, List<X509Certificate> certChain,
                        Optional<String> serverName, boolean verify) {
    public ConsulTls {
        trust = List.copyOf(requireNonNull(trust, "trust is null"));
        requireNonNull(key, "key is null");
        certChain = List.copyOf(requireNonNull(certChain, "certChain is null"));
        requireNonNull(serverName, "serverName is null");
        if (key.isPresent() == certChain.isEmpty()) {
            throw new IllegalArgumentException("a client key needs its certificate, and a certificate its key");
        }
    }

    private static final int MAX_PEM_BYTES = 1024 * 1024;
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    /**
     * Reads the TLS settings and the files they name. With {@code secure} off they are not read,
     * and a warning says they have no effect.
     */
    static ConsulTls from(ConfigSource source, boolean secure, List<String> warnings) {
        boolean verify = source.bool(Setting.CONSUL_VERIFY);
        List<Setting> files = List.of(Setting.CONSUL_CA_FILE, Setting.CONSUL_CA_PATH, Setting.CONSUL_CERT_FILE,
                Setting.CONSUL_KEY_FILE, Setting.CONSUL_SERVER_NAME);
        if (!secure) {
            files.stream().filter(s -> !source.text(s).isEmpty()).findFirst().ifPresent(s -> warnings.add(
                    source.name(s) + " is set but " + source.nameAlike(Setting.CONSUL_SECURE, s)
                            + " is false: Consul is spoken to over plain http, so it has no effect"));
            return defaults();
        }
        List<X509Certificate> trust = new ArrayList<>();
        if (!source.text(Setting.CONSUL_CA_FILE).isEmpty()) {
            trust.addAll(certificates(source, Setting.CONSUL_CA_FILE, path(source, Setting.CONSUL_CA_FILE)));
        }
        if (!source.text(Setting.CONSUL_CA_PATH).isEmpty()) {
            trust.addAll(directory(source));
        }
        boolean hasCert = !source.text(Setting.CONSUL_CERT_FILE).isEmpty();
        boolean hasKey = !source.text(Setting.CONSUL_KEY_FILE).isEmpty();
        if (hasCert != hasKey) {
            Setting set = hasCert ? Setting.CONSUL_CERT_FILE : Setting.CONSUL_KEY_FILE;
            Setting missing = hasCert ? Setting.CONSUL_KEY_FILE : Setting.CONSUL_CERT_FILE;
            throw source.invalid(set, "requires " + source.nameAlike(missing, set) + " too: a client certificate"
                    + " is sent with its private key");
        }
        Optional<PrivateKey> key = Optional.empty();
        List<X509Certificate> chain = List.of();
        if (hasCert) {
            chain = certificates(source, Setting.CONSUL_CERT_FILE, path(source, Setting.CONSUL_CERT_FILE));
            String pem = read(source, Setting.CONSUL_KEY_FILE, path(source, Setting.CONSUL_KEY_FILE));
            try {
                key = Optional.of(PemPrivateKey.read(pem, source.text(Setting.CONSUL_KEY_FILE)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid " + source.name(Setting.CONSUL_KEY_FILE) + "='"
                        + ConfigException.shown(source.text(Setting.CONSUL_KEY_FILE)) + "' (contents not shown):"
                        + " expected an unencrypted PEM private key (BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or"
                        + " BEGIN RSA PRIVATE KEY)");
            }
        }
        String serverName = source.text(Setting.CONSUL_SERVER_NAME);
        if (!serverName.isEmpty() && !SERVER_NAME.matcher(serverName).matches()) {
            throw source.invalid(Setting.CONSUL_SERVER_NAME, "expected the DNS name on the agent's certificate,"
                    + " such as server.dc1.consul");
        }
        return new ConsulTls(trust, key, chain, serverName.isEmpty() ? Optional.empty() : Optional.of(serverName),
                verify);
    }

    private static Path path(ConfigSource source, Setting setting) {
        try {
            return Path.of(source.text(setting));
        } catch (InvalidPathException e) {
            throw source.invalid(setting, "expected the path of a PEM file");
        }
    }

    private static String read(ConfigSource source, Setting setting, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_PEM_BYTES), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            throw source.invalid(setting, "expected a readable PEM file");
        }
    }

    private static List<X509Certificate> certificates(ConfigSource source, Setting setting, Path file) {
        String pem = read(source, setting, file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw source.invalid(setting, "expected PEM certificates (BEGIN CERTIFICATE) in " + file);
        }
        if (certificates.isEmpty()) {
            throw source.invalid(setting, "expected PEM certificates (BEGIN CERTIFICATE) in " + file);
        }
        return certificates;
    }

    /** Every certificate file in the directory, as Consul's CA path is read. */
    private static List<X509Certificate> directory(ConfigSource source) {
        Path dir = path(source, Setting.CONSUL_CA_PATH);
        List<X509Certificate> certificates = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (read(source, Setting.CONSUL_CA_PATH, file).contains("-----BEGIN CERTIFICATE-----")) {
                    certificates.addAll(certificates(source, Setting.CONSUL_CA_PATH, file));
                }
            }
        } catch (IOException | SecurityException e) {
            throw source.invalid(Setting.CONSUL_CA_PATH, "expected a readable directory of PEM CA certificates");
        }
        if (certificates.isEmpty()) {
            throw source.invalid(Setting.CONSUL_CA_PATH, "expected PEM CA certificates in the directory, found none");
        }
        return certificates;
    }

    /** The JVM's trusted certificates, no client certificate, the host's own name, verification on. */
    public static ConsulTls defaults() {
        return new ConsulTls(List.of(), Optional.empty(), List.of(), Optional.empty(), true);
    }
}
