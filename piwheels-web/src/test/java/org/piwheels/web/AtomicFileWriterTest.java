package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path dir;
    final AtomicFileWriter writer = new AtomicFileWriter(false);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void replacesByRenameWithMode0644AndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("page.html");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Object oldKey = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(writer.write(target, bytes("new content"))).isTrue();

        assertThat(target).hasContent("new content");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(AtomicFileWriter.MODE_0644);
        // A new inode: readers holding the old file keep reading the old bytes.
        assertThat(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isNotEqualTo(oldKey);
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void identicalContentIsNotRewritten() throws IOException {
        Path target = dir.resolve("same.json");
        writer.write(target, bytes("[1]"));
        FileTime past = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(target, past);
        assertThat(writer.write(target, bytes("[1]"))).isFalse();
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(past);
        assertThat(writer.write(target, bytes("[2]"))).isTrue();
        assertThat(Files.getLastModifiedTime(target)).isNotEqualTo(past);
    }

    @Test
    void aFailedRenameKeepsTheOldTargetAndRemovesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("child"), "x");
        assertThatThrownBy(() -> writer.write(target, bytes("data"))).isInstanceOf(UncheckedIOException.class);
        assertThat(target).isDirectory();
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void temporaryNamesAreHiddenSiblingsAndLeftoversAreCleanedUp() throws IOException {
        Path temp = AtomicFileWriter.tempFileFor(dir.resolve("index.html"));
        assertThat(temp.getParent()).isEqualTo(dir);
        assertThat(temp.getFileName().toString()).startsWith(".index.html.").endsWith(".tmp");
        assertThat(AtomicFileWriter.isTempFileName(temp.getFileName().toString())).isTrue();
        assertThat(AtomicFileWriter.isTempFileName(".htaccess")).isFalse();
        Files.writeString(temp, "half");
        Files.writeString(dir.resolve("keep.tmp"), "not ours");
        Files.writeString(dir.resolve(".htaccess"), "not ours");
        assertThat(writer.removeLeftovers(dir)).isEqualTo(1);
        assertThat(temp).doesNotExist();
        assertThat(dir.resolve("keep.tmp")).exists();
        assertThat(dir.resolve(".htaccess")).exists();
    }
}
