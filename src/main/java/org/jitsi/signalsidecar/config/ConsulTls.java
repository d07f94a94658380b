package org.jitsi.signalsidecar.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

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

    /** The JVM's trusted certificates, no client certificate, the host's own name, verification on. */
    public static ConsulTls defaults() {
        return new ConsulTls(List.of(), Optional.empty(), List.of(), Optional.empty(), true);
    }
}
