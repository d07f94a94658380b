package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA as a Consul deployment has one, made in the test with Bouncy Castle: EC P-256 keys,
 * server certificates for DNS names such as {@code server.dc1.consul} (no IP address), client
 * certificates, and PEM files written the way {@code consul tls cert create} writes them
 * ({@code BEGIN EC PRIVATE KEY}) or as PKCS#8 ({@code BEGIN PRIVATE KEY}).
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A key and its certificate. */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    private final String name;
    private final Issued ca;

    private TestCertificates(String name, Issued ca) {
        this.name = name;
        this.ca = ca;
    }

    /** A new self-signed CA named {@code name}. */
    public static TestCertificates authority(String name) {
        KeyPair keys = ecKeys();
        return new TestCertificates(name, new Issued(keys.getPrivate(),
                certificate(name, keys, name, keys.getPrivate(), true, null)));
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** A certificate for {@code dnsName} signed by this CA, usable by a server and a client alike. */
    public Issued issue(String dnsName) {
        KeyPair keys = ecKeys();
        return new Issued(keys.getPrivate(), certificate(dnsName, keys, name, ca.key(), false, dnsName));
    }

    /** Writes the certificate as PEM. */
    public static Path writeCertificate(Path file, X509Certificate certificate) {
        return write(file, pem(certificate));
    }

    /**
     * Writes the key as {@code BEGIN EC PRIVATE KEY}: SEC1 with its curve named in the
     * {@code [0] parameters} field, as Go's {@code x509.MarshalECPrivateKey} (and so Consul's tools) write it.
     */
    public static Path writeSec1Key(Path file, PrivateKey key) {
        try {
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) key).getS(),
                    new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
            return write(file, "-----BEGIN EC PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1)
                    + "\n-----END EC PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the key as {@code BEGIN PRIVATE KEY} (PKCS#8). */
    public static Path writePkcs8Key(Path file, PrivateKey key) {
        return write(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer,
                                               boolean authority, String dnsName) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certificate for " + subject, e);
        }
    }
}
