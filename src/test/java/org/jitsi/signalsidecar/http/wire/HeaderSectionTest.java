package org.jitsi.signalsidecar.http.wire;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderSectionTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void endsAtTheEmptyLineAndSaysWhereTheBodyStarts() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.scan(bytes("Host: a\r\nX: 12345\r\n\r\n" + "b".repeat(1000)), 20)).isEqualTo(21);
        assertThat(section.open()).isFalse();
        section.start();
        assertThat(section.scan(bytes("Host: a\r\nX: 123456789012\r\n"), 20)).isEqualTo(HeaderSection.TOO_LONG);
    }

    @Test
    void findsTheEndAcrossPiecesAndWithBareLineFeeds() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.scan(bytes("Host: a\r"), 12)).isEqualTo(HeaderSection.GOES_ON);
        assertThat(section.scan(bytes("\n\r"), 12)).isEqualTo(HeaderSection.GOES_ON);
        assertThat(section.scan(bytes("\n" + "x".repeat(100)), 12)).isEqualTo(1);
        section.start();
        assertThat(section.scan(bytes("A: b\n\n" + "x".repeat(100)), 5)).isEqualTo(6);
    }

    @Test
    void noHeadersAtAllIsAnEmptySection() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.scan(bytes("\r\n" + "x".repeat(100)), 1)).isEqualTo(2);
    }
}
