package org.jitsi.signalsidecar.config;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key from a PEM file, read by Helidon's PEM reader, plus the one form that reader
 * refuses and Consul's own {@code consul tls cert create} writes: {@code BEGIN EC PRIVATE KEY}
 * (SEC1, RFC 5915). Such a key is rewrapped as PKCS#8 (RFC 5208) — the same key, with its curve
 * named in the algorithm identifier — and handed to the same reader.
 */
final class PemPrivateKey {
    private static final Pattern SEC1 = Pattern.compile(
            "-----BEGIN EC PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END EC PRIVATE KEY-----");
    /** id-ecPublicKey, 1.2.840.10045.2.1, DER-encoded with its tag and length. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemPrivateKey() {
    }

    /**
     * @param pem  the file's text
     * @param name what the file is, for Helidon's messages
     * @throws IllegalArgumentException when no private key can be read from it
     */
    static PrivateKey read(String pem, String name) {
        Matcher sec1 = SEC1.matcher(pem);
        String text = pem;
        if (sec1.find()) {
            byte[] pkcs8 = pkcs8(Base64.getMimeDecoder().decode(sec1.group(1)));
            text = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        }
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try {
            return Keys.builder().pem(p -> p.key(Resource.create(name, bytes))).build().privateKey()
                    .orElseThrow(() -> new IllegalArgumentException("no private key in it"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ConfigException.firstLine(e), e);
        }
    }

    /**
     * {@code ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters (the
     * curve's OID), [1] publicKey }} inside {@code PrivateKeyInfo ::= SEQUENCE { 0, SEQUENCE {
     * id-ecPublicKey, curve }, OCTET STRING }}.
     */
    static byte[] pkcs8(byte[] sec1) {
        Der outer = new Der(sec1, 0);
        if (outer.tag != 0x30 || outer.end != sec1.length) {
            throw new IllegalArgumentException("the EC private key is not a DER sequence");
        }
        byte[] curve = null;
        for (Der field = new Der(sec1, outer.start); ; field = new Der(sec1, field.end)) {
            if ((field.tag & 0xff) == 0xa0) {
                Der oid = new Der(sec1, field.start);
                if (oid.tag == 0x06) {
                    curve = Arrays.copyOfRange(sec1, oid.offset, oid.end);
                }
            }
            if (field.end >= outer.end) {
                break;
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC private key does not name its curve");
        }
        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
        algorithm.writeBytes(EC_PUBLIC_KEY);
        algorithm.writeBytes(curve);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(new byte[] {0x02, 0x01, 0x00});
        info.writeBytes(tlv(0x30, algorithm.toByteArray()));
        info.writeBytes(tlv(0x04, sec1));
        return tlv(0x30, info.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER element at {@code offset}: its tag, where its content starts and where it ends. */
    private static final class Der {
        final int offset;
        final int tag;
        final int start;
        final int end;

        Der(byte[] der, int offset) {
            if (offset + 2 > der.length) {
                throw new IllegalArgumentException("the EC private key is cut short");
            }
            this.offset = offset;
            this.tag = der[offset];
            int length = der[offset + 1] & 0xff;
            int at = offset + 2;
            if (length >= 0x80) {
                int count = length & 0x7f;
                if (count == 0 || count > 3 || at + count > der.length) {
                    throw new IllegalArgumentException("the EC private key has a bad length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[at++] & 0xff);
                }
            }
            this.start = at;
            this.end = at + length;
            if (end > der.length) {
                throw new IllegalArgumentException("the EC private key is cut short");
            }
        }
    }
}
