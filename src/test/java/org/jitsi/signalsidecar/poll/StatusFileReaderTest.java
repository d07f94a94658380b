package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.report.StatusWord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFileReaderTest {
    @TempDir
    Path dir;

    private StatusFileReading read(String contents) throws IOException {
        Path file = dir.resolve("shard-status");
        Files.writeString(file, contents);
        return new StatusFileReader(file).read();
    }

    @Test
    void firstLineTrimmed() throws IOException {
        assertThat(read("  foo \n\n")).isEqualTo(StatusFileReading.read("foo"));
        assertThat(read("drain\nready\n").word()).isEqualTo(StatusWord.DRAIN);
        assertThat(read("MAINT").word()).isEqualTo(StatusWord.MAINT);
    }

    @Test
    void emptyFileIsFoundWithNoWord() throws IOException {
        StatusFileReading reading = read("");
        assertThat(reading.found()).isTrue();
        assertThat(reading.word()).isEqualTo(StatusWord.NONE);
    }

    @Test
    void hugeFileIsReadOnlyInItsFirstKilobytes() throws IOException {
        StatusFileReading reading = read("x".repeat(10_000_000));
        assertThat(reading.found()).isTrue();
        assertThat(reading.contents()).hasSize(StatusFileReader.MAX_CONTENTS_CHARS);
        assertThat(reading.word()).isEqualTo(StatusWord.OTHER);
    }

    @Test
    void missingFileSaysWhere() {
        Path missing = dir.resolve("nope");
        StatusFileReading reading = new StatusFileReader(missing).read();
        assertThat(reading.found()).isFalse();
        assertThat(reading.problem()).contains(missing + " is missing");
    }

    @Test
    void aDirectoryIsNotAStatusFile() {
        StatusFileReading reading = new StatusFileReader(dir).read();
        assertThat(reading.found()).isFalse();
        assertThat(reading.problem()).hasValueSatisfying(p -> assertThat(p).startsWith(dir + " cannot be read"));
    }
}
