package org.jitsi.signalsidecar.control;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final BearerToken token = new BearerToken(SECRET);

    private BearerToken.Verdict check(String header) {
        return token.check(Optional.ofNullable(header));
    }

    @Test
    void theRightTokenInAnyCaseOfTheSchemeIsAccepted() {
        assertThat(check("Bearer " + SECRET)).isEqualTo(BearerToken.Verdict.ACCEPTED);
        assertThat(check("bearer  " + SECRET + " ")).isEqualTo(BearerToken.Verdict.ACCEPTED);
    }

    @Test
    void noHeaderAnotherSchemeOrNoCredentialsAreNotBearer() {
        assertThat(check(null)).isEqualTo(BearerToken.Verdict.MISSING);
        assertThat(check("Basic dXNlcjpwYXNz")).isEqualTo(BearerToken.Verdict.NOT_BEARER);
        assertThat(check("Bearer")).isEqualTo(BearerToken.Verdict.NOT_BEARER);
        assertThat(check("Bearer   ")).isEqualTo(BearerToken.Verdict.NOT_BEARER);
        assertThat(check(SECRET)).isEqualTo(BearerToken.Verdict.NOT_BEARER);
    }

    @Test
    void anyOtherTokenIsWrong() {
        assertThat(check("Bearer " + SECRET.toUpperCase())).isEqualTo(BearerToken.Verdict.WRONG_TOKEN);
        assertThat(check("Bearer " + SECRET + "0")).isEqualTo(BearerToken.Verdict.WRONG_TOKEN);
        assertThat(check("Bearer " + SECRET.substring(1))).isEqualTo(BearerToken.Verdict.WRONG_TOKEN);
    }

    @Test
    void itsTextShowsNothingOfTheToken() {
        assertThat(token.toString()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 4));
    }
}
