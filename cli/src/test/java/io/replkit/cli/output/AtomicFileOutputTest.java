package io.replkit.cli.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileOutputTest {

    @TempDir
    Path dir;

    @Test
    void committedOutputReplacesTheTargetAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("out.rdb");
        Files.writeString(target, "old");
        try (AtomicFileOutput file = AtomicFileOutput.create(target)) {
            file.stream().write("new content".getBytes(StandardCharsets.UTF_8));
            assertEquals("old", Files.readString(target), "target untouched until commit");
            file.commit();
        }
        assertArrayEquals("new content".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void theOutputGetsTheUmasksPermissionsLikeAnyNewFileNotPrivateOnes() throws IOException {
        Path target = dir.resolve("dump.rdb");
        try (AtomicFileOutput file = AtomicFileOutput.create(target)) {
            file.stream().write(1);
            file.commit();
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        // (with the usual umask 022: rw-r--r--, so a redis user can load what root saved; was rw-------)
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }

    @Test
    void closingWithoutCommitKeepsTheOldTargetAndDeletesTheTempFile() throws IOException {
        Path target = dir.resolve("out.rdb");
        Files.writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> {
            try (AtomicFileOutput file = AtomicFileOutput.create(target)) {
                file.stream().write(new byte[100_000]);
                throw new IllegalStateException("failed half way");
            }
        });
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void failedWriteNeverCreatesTheTarget() throws IOException {
        Path target = dir.resolve("never.rdb");
        try (AtomicFileOutput file = AtomicFileOutput.create(target)) {
            file.stream().write(1);
        }
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listDir());
    }

    @Test
    void aMissingDirectoryIsNamedInTheError() {
        Path target = dir.resolve("no-such-dir").resolve("out.rdb");
        IOException e = assertThrows(IOException.class, () -> AtomicFileOutput.create(target));
        assertEquals("cannot write " + target + ": directory " + target.getParent() + " does not exist", e.getMessage());
        IOException early = assertThrows(IOException.class, () -> AtomicFileOutput.requireWritable(target));
        assertEquals(e.getMessage(), early.getMessage());
    }

    @Test
    void aFileUnderAFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class, () -> AtomicFileOutput.requireWritable(file.resolve("out.rdb")));
        assertEquals("cannot write " + file.resolve("out.rdb") + ": " + file + " is not a directory", e.getMessage());
        IOException onDir = assertThrows(IOException.class, () -> AtomicFileOutput.requireWritable(dir));
        assertEquals(dir + " is a directory", onDir.getMessage());
        AtomicFileOutput.requireWritable(dir.resolve("fine.rdb"));
        assertEquals(List.of(file), listDir());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
