package org.jitsi.signalsidecar.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {
    @Test
    void terminalControlsAreWrittenOutAsEscapes() {
        assertThat(Text.printable("a\u001b[2Jb\u0007c\bd\re\u007ff\u009bg")).isEqualTo("a\\x1b[2Jb\\x07c\\x08d\\x0de\\x7ff\\u009bg");
    }

    @Test
    void bidirectionalOverridesAreWrittenOutSoTextCannotReadBackwards() {
        assertThat(Text.printable("drain\u202Eniard")).isEqualTo("drain\\u202eniard");
        assertThat(Text.printable("\u2066x\u2069\u200f\u061c")).isEqualTo("\\u2066x\\u2069\\u200f\\u061c");
    }

    @Test
    void everythingElseIsKept() {
        assertThat(Text.printable("ready\tdrain\nmaint · Zürich 会议 😀 \\x")).isEqualTo("ready\tdrain\nmaint · Zürich 会议 😀 \\x");
        assertThat(Text.printable(null)).isEmpty();
    }
}
