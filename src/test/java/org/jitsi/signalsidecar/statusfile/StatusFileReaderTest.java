package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jitsi.signalsidecar.report.StatusFileReading;
import org.jitsi.signalsidecar.report.StatusWord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void upperCaseWithWindowsLineEndsIsTheWord() throws IOException {
        assertThat(read("READY\r\n")).isEqualTo(StatusFileReading.read("READY"));
        assertThat(read("READY\r\n").word()).isEqualTo(StatusWord.READY);
        assertThat(read("\r\nDrain\r\nready\r\n").word()).isEqualTo(StatusWord.DRAIN);
    }

    @Test
    void aByteOrderMarkBeforeTheWordIsSkipped() throws IOException {
        assertThat(read("\ufeffready\n")).isEqualTo(StatusFileReading.read("ready"));
        assertThat(read("\ufeff  maint\r\n").word()).isEqualTo(StatusWord.MAINT);
        assertThat(read("\ufeff").word()).as("a mark alone is an empty file").isEqualTo(StatusWord.NONE);
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
    void aSparseGibibyteFileIsReadOnlyInItsFirstKilobytes() throws IOException {
        Path file = dir.resolve("shard-status");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.write("drain\n".getBytes(StandardCharsets.US_ASCII));
            sparse.setLength(1L << 30);
        }
        assertThat(new StatusFileReader(file).read()).isEqualTo(StatusFileReading.read("drain"));
    }

    @Test
    void aLongLineIsNeverCutInsideACharacter() throws IOException {
        String contents = "x".repeat(StatusFileReader.MAX_CONTENTS_CHARS - 1) + "\uD83D\uDE00tail";
        StatusFileReading reading = read(contents);
        assertThat(reading.contents()).isEqualTo("x".repeat(StatusFileReader.MAX_CONTENTS_CHARS - 1));
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
        assertThat(reading.problem()).contains(dir + " is a directory, not a file");
    }

    @Test
    void aFifoIsReportedFromItsTypeWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("shard-status");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // opening a FIFO nobody writes to would block for ever: the bound only stops a regression hanging the suite
        StatusFileReading reading = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new StatusFileReader(fifo).read());
        assertThat(reading.found()).isFalse();
        assertThat(reading.problem()).contains(fifo + " is a FIFO (named pipe), not a regular file; it is not read");
    }

    @Test
    void aLinkToADeviceIsNotRead() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("shard-status"), Path.of("/dev/zero"));
        StatusFileReading reading = new StatusFileReader(link).read();
        assertThat(reading.problem()).contains(link + " is a device, not a regular file; it is not read");
    }

    @Test
    void aSymbolicLinkLoopSaysSo() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        StatusFileReading reading = new StatusFileReader(a).read();
        assertThat(reading.found()).isFalse();
        assertThat(reading.problem()).hasValueSatisfying(p ->
                assertThat(p).startsWith(a + " cannot be read: Too many levels of symbolic links"));
    }

    @Test
    void aLinkToARegularFileIsFollowed() throws IOException {
        Path target = Files.writeString(dir.resolve("real-status"), "maint\n");
        Path link = Files.createSymbolicLink(dir.resolve("shard-status"), target);
        assertThat(new StatusFileReader(link).read()).isEqualTo(StatusFileReading.read("maint"));
    }
}
