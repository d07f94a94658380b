package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jitsi.signalsidecar.report.StatusWord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWordAndANewlineThatTheReaderReadsBack() throws IOException {
        Path file = dir.resolve("shard-status");
        new StatusFileWriter(file).write(StatusWord.MAINT);
        assertThat(Files.readString(file)).isEqualTo("maint\n");
        assertThat(new StatusFileReader(file).read().word()).isEqualTo(StatusWord.MAINT);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
    }

    @Test
    void rootReplacingAnotherUsersFileKeepsItsOwnerGroupAndMode() throws IOException {
        Path file = Files.writeString(dir.resolve("shard-status"), "ready\n");
        Assumptions.assumeTrue(Files.getOwner(file).getName().equals("root"), "only root may give a file away");
        var users = file.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(file, users.lookupPrincipalByName("nobody"));
        Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(users.lookupPrincipalByGroupName("nogroup"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        for (StatusWord word : List.of(StatusWord.DRAIN, StatusWord.READY)) {
            new StatusFileWriter(file, StatusFileWriter.ForeignOwner.REFUSE).write(word);
            PosixFileAttributes after = Files.readAttributes(file, PosixFileAttributes.class);
            assertThat(after.owner().getName()).isEqualTo("nobody");
            assertThat(after.group().getName()).isEqualTo("nogroup");
            assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-r-----");
        }
        assertThat(Files.readString(file)).isEqualTo("ready\n");
    }

    @Test
    void leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws IOException {
        Path file = Files.writeString(dir.resolve("shard-status"), "ready\n");
        List<Path> ours = new ArrayList<>();
        for (String name : List.of(".shard-status.1234567890.tmp", ".shard-status.42.tmp")) {
            ours.add(Files.writeString(dir.resolve(name), "dra"));
        }
        List<String> others = List.of(".shard-status.tmp", ".shard-status.12x.tmp", "shard-status.12.tmp",
                ".other.12.tmp", ".shard-status.12.tmp.bak");
        for (String name : others) {
            Files.writeString(dir.resolve(name), "keep");
        }
        Path foreignDirectory = Files.createDirectory(dir.resolve(".shard-status.7.tmp.d"));
        assertThat(new StatusFileWriter(file).removeLeftovers()).containsExactlyInAnyOrderElementsOf(ours);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of("shard-status",
                            foreignDirectory.getFileName().toString())).toList());
        }
        assertThat(Files.readString(file)).isEqualTo("ready\n");
    }

    @Test
    void leftoversBesideALinksTargetAreRemovedAndAMissingDirectoryIsNoError() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.writeString(state.resolve("shard-status"), "ready\n");
        Path leftover = Files.writeString(state.resolve(".shard-status.99.tmp"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("state/shard-status"));
        assertThat(new StatusFileWriter(link).removeLeftovers()).containsExactly(leftover);
        assertThat(new StatusFileWriter(dir.resolve("missing/shard-status")).removeLeftovers()).isEmpty();
    }

    @Test
    void replacesAnExistingFileKeepingItsPermissionsAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("shard-status"), "ready\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        new StatusFileWriter(file).write(StatusWord.DRAIN);
        assertThat(Files.readString(file)).isEqualTo("drain\n");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void throughASymbolicLinkReplacesTheTargetAndKeepsTheLink() throws IOException {
        Files.createDirectory(dir.resolve("state"));
        Path target = Files.writeString(dir.resolve("state/shard-status"), "ready\n");
        Path link = Files.createSymbolicLink(dir.resolve("shard-status"), Path.of("state/shard-status"));
        new StatusFileWriter(link).write(StatusWord.DRAIN);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("drain\n");
    }

    @Test
    void aMissingDirectoryIsNamedInTheError() {
        Path file = dir.resolve("no-such-dir/shard-status");
        assertThatThrownBy(() -> new StatusFileWriter(file).write(StatusWord.READY))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write the status file " + file + ": its directory " + dir.resolve("no-such-dir")
                        + " does not exist")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void onlyRealStatusWordsCanBeWritten() {
        StatusFileWriter writer = new StatusFileWriter(dir.resolve("shard-status"));
        assertThatThrownBy(() -> writer.write(StatusWord.OTHER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(StatusWord.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("shard-status")).doesNotExist();
    }

    @Test
    void concurrentWritersNeverLeaveAReaderAHalfWrittenOrEmptyFile() throws Exception {
        Path file = dir.resolve("shard-status");
        new StatusFileWriter(file).write(StatusWord.READY);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<StatusWord> words = List.of(StatusWord.READY, StatusWord.DRAIN, StatusWord.MAINT, StatusWord.UNHEALTHY);
        try (ExecutorService threads = Executors.newFixedThreadPool(5)) {
            Future<?> reader = threads.submit(() -> {
                while (writing.get()) {
                    try {
                        seen.add(Files.readString(file));
                    } catch (IOException e) {
                        seen.add("unreadable: " + e);
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (StatusWord word : words) {
                // two writers in separate instances, as two processes would be: only the rename orders them
                writers.add(threads.submit(() -> {
                    StatusFileWriter writer = new StatusFileWriter(file);
                    for (int i = 0; i < 200; i++) {
                        writer.write(word);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            reader.get();
        }
        assertThat(seen).isSubsetOf("ready\n", "drain\n", "maint\n", "unhealthy\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
