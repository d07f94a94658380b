package org.jitsi.signalsidecar.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The drain-control secret and the check of an {@code Authorization} header against it. Only a
 * SHA-256 digest of the token is kept, and the digests are compared with
 * {@link MessageDigest#isEqual}, whose time does not depend on where they differ; comparing digests
 * also hides the token's length. {@link #toString()} shows nothing of it.
 */
public final class BearerToken {
    /** What a request's {@code Authorization} header amounts to. */
    public enum Verdict {
        /** No {@code Authorization} header: 401. */
        MISSING,
        /** Another scheme ({@code Basic ...}) or no credentials after {@code Bearer}: 401. */
        NOT_BEARER,
        /** {@code Bearer} with another token: 403. */
        WRONG_TOKEN,
        ACCEPTED
    }

    private static final String SCHEME = "bearer";

    private final byte[] digest;

    public BearerToken(String token) {
        requireNonNull(token, "token is null");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token is empty");
        }
        this.digest = sha256(token);
    }

    /** @param authorization the request's {@code Authorization} header, if it has one */
    public Verdict check(Optional<String> authorization) {
        requireNonNull(authorization, "authorization is null");
        if (authorization.isEmpty()) {
            return Verdict.MISSING;
        }
        String header = authorization.get().strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Verdict.NOT_BEARER;
        }
        String presented = header.substring(space + 1).strip();
        if (presented.isEmpty()) {
            return Verdict.NOT_BEARER;
        }
        return MessageDigest.isEqual(digest, sha256(presented)) ? Verdict.ACCEPTED : Verdict.WRONG_TOKEN;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[not shown]";
    }
}
