package org.jitsi.signalsidecar.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusWordTest {
    @ParameterizedTest
    @CsvSource({"READY, ready", "DRAIN, drain", "MAINT, maint", "UNHEALTHY, unhealthy"})
    void aWordReadsBackAsItselfFromTheFile(StatusWord word, String text) {
        assertThat(word.word()).isEqualTo(text);
        assertThat(StatusWord.parse(word.word())).isEqualTo(word);
    }

    @ParameterizedTest
    @EnumSource(value = StatusWord.class, names = {"NONE", "OTHER"})
    void noWordHasNoText(StatusWord word) {
        assertThatThrownBy(word::word).isInstanceOf(IllegalStateException.class);
    }
}
