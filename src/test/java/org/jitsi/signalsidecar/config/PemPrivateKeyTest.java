package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;

import org.jitsi.signalsidecar.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Private keys in the PEM forms Consul's tools and OpenSSL write. */
class PemPrivateKeyTest {
    @TempDir
    Path dir;

    private final TestCertificates.Issued issued = TestCertificates.authority("CA").issue("client.dc1.consul");

    @Test
    void anEcKeyAsConsulWritesItIsTheSameKeyAsItsPkcs8Form() throws IOException {
        String sec1 = Files.readString(TestCertificates.writeSec1Key(dir.resolve("sec1.pem"), issued.key()));
        String pkcs8 = Files.readString(TestCertificates.writePkcs8Key(dir.resolve("pkcs8.pem"), issued.key()));
        assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
        ECPrivateKey original = (ECPrivateKey) issued.key();
        for (String pem : new String[] {sec1, pkcs8}) {
            ECPrivateKey read = (ECPrivateKey) PemPrivateKey.read(pem, "key");
            assertThat(read.getS()).isEqualTo(original.getS());
            assertThat(read.getParams().getCurve()).isEqualTo(original.getParams().getCurve());
        }
    }

    @Test
    void aFileWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> PemPrivateKey.read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PemPrivateKey.read("-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n",
                "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("curve");
    }
}
