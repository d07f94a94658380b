package org.jitsi.signalsidecar.http.wire;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderSectionTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void countsUpToTheEmptyLineAndNotTheBodyAfterIt() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.tooLong(bytes("Host: a\r\nX: 12345\r\n\r\n" + "b".repeat(1000)), 20)).isFalse();
        section.start();
        assertThat(section.tooLong(bytes("Host: a\r\nX: 123456789012\r\n"), 20)).isTrue();
    }

    @Test
    void findsTheEndAcrossPiecesAndWithBareLineFeeds() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.tooLong(bytes("Host: a\r"), 12)).isFalse();
        assertThat(section.tooLong(bytes("\n\r"), 12)).isFalse();
        assertThat(section.tooLong(bytes("\n" + "x".repeat(100)), 12)).isFalse();
        section.start();
        assertThat(section.tooLong(bytes("A: b\n\n" + "x".repeat(100)), 5)).isFalse();
    }

    @Test
    void noHeadersAtAllIsAnEmptySection() {
        HeaderSection section = new HeaderSection();
        section.start();
        assertThat(section.tooLong(bytes("\r\n" + "x".repeat(100)), 1)).isFalse();
    }
}
