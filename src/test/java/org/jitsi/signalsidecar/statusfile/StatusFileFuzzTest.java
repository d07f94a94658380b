package org.jitsi.signalsidecar.statusfile;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.jitsi.signalsidecar.report.StatusWord;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the status file's reader with random bytes: whatever an operator or a tool leaves in the
 * file gives one short line and a status word, never an exception.
 */
@Tag("fuzz")
class StatusFileFuzzTest {
    @Property
    void anyStatusFileBytesGiveAShortLineAndAWord(@ForAll @Size(max = 600) byte[] bytes) {
        line(bytes);
    }

    @Property
    void aByteOrderMarkBeforeAnyTextChangesNothing(@ForAll @Size(max = 300) String text) {
        Assume.that(text.isEmpty() || (text.charAt(0) != '\ufeff' && !Character.isWhitespace(text.charAt(0))));
        String marked = line(("\ufeff" + text).getBytes(StandardCharsets.UTF_8));
        assertThat(marked).isEqualTo(line(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String line(byte[] bytes) {
        String line = StatusFileReader.firstLine(bytes);
        assertThat(line.length()).isLessThanOrEqualTo(StatusFileReader.MAX_CONTENTS_CHARS);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(StatusWord.parse(line)).isNotNull();
        return line;
    }
}
