package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelPublisherTest {
    private static final String METADATA = "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.1\nRequires-Python: >=3.8\n";

    @TempDir
    Path root;

    private static byte[] wheelBytes() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("foo_bar/__init__.py"));
            zip.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("foo_bar-1.1.dist-info/METADATA"));
            zip.write(METADATA.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("foo_bar-1.1.dist-info/RECORD"));
            zip.write("".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private Path upload(WheelPublisher publisher, byte[] content) throws IOException {
        Path temp = publisher.newUploadFile();
        try (OutputStream out = Files.newOutputStream(temp)) {
            out.write(content);
        }
        return temp;
    }

    @Test
    void anArmv7WheelIsPublishedWithItsArmv6TwinAndCoreMetadata() throws Exception {
        WheelPublisher publisher = new WheelPublisher(root);
        byte[] wheel = wheelBytes();
        Path temp = upload(publisher, wheel);
        assertThat(temp.getParent()).isEqualTo(root.resolve("simple"));
        assertThat(WheelPublisher.verify(temp, wheel.length, sha256(wheel).toUpperCase())).isTrue();
        assertThat(WheelPublisher.verify(temp, wheel.length + 1, sha256(wheel))).isFalse();
        assertThat(WheelPublisher.verify(temp, wheel.length, sha256(new byte[0]))).isFalse();

        WheelPublisher.Published p = publisher.commit(temp, "foo-bar", "Foo_Bar-1.1-cp311-cp311-linux_armv7l.whl");

        Path dir = root.resolve("simple/foo-bar");
        assertThat(p.wheel()).isEqualTo(dir.resolve("Foo_Bar-1.1-cp311-cp311-linux_armv7l.whl")).hasBinaryContent(wheel);
        assertThat(temp).doesNotExist();
        assertThat(Files.getPosixFilePermissions(p.wheel())).isEqualTo(AtomicFileWriter.MODE_0644);
        Path twin = dir.resolve("Foo_Bar-1.1-cp311-cp311-linux_armv6l.whl");
        assertThat(p.armv6Twin()).isEqualTo(twin);
        assertThat(Files.readSymbolicLink(twin)).isEqualTo(Path.of("Foo_Bar-1.1-cp311-cp311-linux_armv7l.whl"));
        assertThat(twin).hasBinaryContent(wheel);
        byte[] metadata = METADATA.getBytes(StandardCharsets.UTF_8);
        assertThat(dir.resolve("Foo_Bar-1.1-cp311-cp311-linux_armv7l.whl.metadata")).hasBinaryContent(metadata);
        assertThat(dir.resolve("Foo_Bar-1.1-cp311-cp311-linux_armv6l.whl.metadata")).hasBinaryContent(metadata);
        assertThat(p.coreMetadataSha256()).isEqualTo(sha256(metadata));
    }

    @Test
    void anExistingArmv6FileIsLeftAloneAndOtherPlatformsGetNoTwin() throws Exception {
        WheelPublisher publisher = new WheelPublisher(root);
        Path dir = root.resolve("simple/foo-bar");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("foo-1.0-cp39-cp39-linux_armv6l.whl"), "real armv6 build");
        publisher.commit(upload(publisher, wheelBytes()), "foo-bar", "foo-1.0-cp39-cp39-linux_armv7l.whl");
        assertThat(dir.resolve("foo-1.0-cp39-cp39-linux_armv6l.whl")).hasContent("real armv6 build");

        WheelPublisher.Published any = publisher.commit(upload(publisher, "not a zip".getBytes(StandardCharsets.UTF_8)),
                "foo-bar", "foo-1.0-py3-none-any.whl");
        assertThat(any.armv6Twin()).isNull();
        assertThat(any.coreMetadataSha256()).isNull();
        assertThat(dir.resolve("foo-1.0-py3-none-any.whl.metadata")).doesNotExist();
        assertThat(WheelPublisher.armv6TwinName("x-1-cp39-cp39-linux_armv7l.whl")).contains("x-1-cp39-cp39-linux_armv6l.whl");
        assertThat(WheelPublisher.armv6TwinName("x-1-cp39-cp39-linux_aarch64.whl")).isEmpty();
    }

    @Test
    void aCommitReplacesASymlinkOfTheSameNameAndASymlinkedPackageDirectory() throws Exception {
        WheelPublisher publisher = new WheelPublisher(root);
        Path simple = root.resolve("simple");
        Files.createDirectories(simple.resolve("real"));
        Files.createSymbolicLink(simple.resolve("foo-bar"), Path.of("real"));
        publisher.commit(upload(publisher, wheelBytes()), "foo-bar", "foo-1.0-py3-none-any.whl");
        assertThat(Files.isSymbolicLink(simple.resolve("foo-bar"))).isFalse();
        assertThat(simple.resolve("real")).isEmptyDirectory();

        Path dir = simple.resolve("foo-bar");
        Files.writeString(dir.resolve("foo-2.0-cp39-cp39-linux_armv7l.whl"), "v7");
        Files.createSymbolicLink(dir.resolve("foo-2.0-cp39-cp39-linux_armv6l.whl"),
                Path.of("foo-2.0-cp39-cp39-linux_armv7l.whl"));
        byte[] real = wheelBytes();
        publisher.commit(upload(publisher, real), "foo-bar", "foo-2.0-cp39-cp39-linux_armv6l.whl");
        assertThat(Files.isSymbolicLink(dir.resolve("foo-2.0-cp39-cp39-linux_armv6l.whl"))).isFalse();
        assertThat(dir.resolve("foo-2.0-cp39-cp39-linux_armv6l.whl")).hasBinaryContent(real);
    }

    @Test
    void uploadsAbandonedByACrashAreRemovedAtStart() throws IOException {
        WheelPublisher publisher = new WheelPublisher(root);
        Path temp = publisher.newUploadFile();
        new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW)).start(List.of());
        assertThat(temp).doesNotExist();
    }
}
