package org.jitsi.signalsidecar.consul;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsConfig;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulTls;

/**
 * HTTPS to Consul with the JDK's and Helidon's TLS, configured as Consul deployments need: a
 * private CA, a client certificate for {@code verify_incoming}, certificates issued for
 * {@code server.<datacenter>.consul} rather than for the host connected to.
 */
final class ConsulHttps {
    private static final System.Logger LOG = System.getLogger(ConsulHttps.class.getName());

    private ConsulHttps() {
    }

    /**
     * The HTTP client every Consul call goes through: {@code requestTimeout} to connect and to read
     * (a blocking read sets its own), no redirects followed, and TLS for an {@code https} API.
     */
    static WebClient client(ConsulSettings settings, Duration requestTimeout) {
        WebClientConfig.Builder builder = WebClient.builder()
                .connectTimeout(requestTimeout)
                .readTimeout(requestTimeout)
                .followRedirects(false)
                .proxy(Proxy.noProxy()); // the system's would look the agent's name up before each request
        if (settings.api().getScheme().equals("https")) {
            builder.tls(tls(settings.tls()));
        }
        return builder.build();
    }

    /**
     * Helidon's TLS from the settings: the CA certificates trusted (else the JVM's), the client
     * certificate, and the server name, which is sent as SNI and which the JDK's host name check
     * then verifies the agent's certificate against instead of the host connected to.
     */
    static Tls tls(ConsulTls settings) {
        TlsConfig.Builder tls = TlsConfig.builder();
        if (!settings.trust().isEmpty()) {
            tls.trust(settings.trust());
        }
        settings.key().ifPresent(key -> tls.privateKey(key).privateKeyCertChain(settings.certChain()));
        if (!settings.verify()) {
            LOG.log(Level.WARNING, "Consul's certificate is not verified (CONSUL_HTTP_SSL_VERIFY or"
                    + " consul.tls.verify is false): anyone between the sidecar and Consul can read the ACL token and"
                    + " forge the node's status.");
            return tls.trustAll(true).endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE).build();
        }
        settings.serverName().ifPresent(name -> {
            SSLParameters parameters = new SSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_HTTPS);
            tls.sslParameters(parameters);
        });
        return tls.endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_HTTPS).build();
    }
}
