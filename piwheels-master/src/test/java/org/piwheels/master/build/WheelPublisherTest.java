package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelPublisherTest {
    private static final String V7 = "foo-0.1-cp34-cp34m-linux_armv7l.whl";
    private static final String V6 = "foo-0.1-cp34-cp34m-linux_armv6l.whl";

    @TempDir
    Path output;

    Path simple;

    @BeforeEach
    void makeSimple() throws IOException {
        simple = Files.createDirectories(output.resolve("simple"));
    }

    private Path temp(String content) throws IOException {
        Path t = Files.createTempFile(simple, ".upload-", ".part");
        Files.writeString(t, content);
        return t;
    }

    @Test
    void aWheelLandsInItsPackageDirectoryWithMode0644() throws IOException {
        WheelPublisher.Published result = new WheelPublisher(simple).publish(temp("wheel"), "foo", "foo-0.1-py3-none-any.whl");
        Path published = result.wheel();
        assertThat(result.coreMetadata()).isEmpty(); // not a zip: no METADATA
        assertThat(published).isEqualTo(simple.resolve("foo/foo-0.1-py3-none-any.whl"));
        assertThat(Files.readString(published)).isEqualTo("wheel");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(published))).isEqualTo("rw-r--r--");
        try (var s = Files.list(simple)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("foo");
        }
    }

    @Test
    void theCoreMetadataIsExtractedBesideTheWheelAndItsArmv6Twin() throws Exception {
        Path t = Files.createTempFile(simple, ".upload-", ".part");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(t))) {
            zip.putNextEntry(new ZipEntry("foo/__init__.py"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("foo-0.1.dist-info/METADATA"));
            zip.write("Metadata-Version: 2.1\nName: foo\nVersion: 0.1\n".getBytes());
            zip.closeEntry();
        }
        WheelPublisher.Published result = new WheelPublisher(simple).publish(t, "foo", V7);
        Path metadata = simple.resolve("foo").resolve(V7 + ".metadata");
        assertThat(metadata).hasContent("Metadata-Version: 2.1\nName: foo\nVersion: 0.1\n");
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("Metadata-Version: 2.1\nName: foo\nVersion: 0.1\n".getBytes()));
        assertThat(result.coreMetadata()).isEqualTo(java.util.Map.of(V7, expected, V6, expected));
        Path twin = simple.resolve("foo").resolve(V6 + ".metadata");
        assertThat(Files.isSymbolicLink(twin)).isTrue();
        assertThat(Files.readSymbolicLink(twin)).isEqualTo(Path.of(V7 + ".metadata"));
    }

    @Test
    void aWheelThatIsNotAZipIsPublishedWithoutMetadata() throws IOException {
        new WheelPublisher(simple).publish(temp("not a zip"), "foo", "foo-0.1-py3-none-any.whl");
        assertThat(simple.resolve("foo/foo-0.1-py3-none-any.whl.metadata")).doesNotExist();
        assertThat(simple.resolve("foo/foo-0.1-py3-none-any.whl")).hasContent("not a zip");
    }

    @Test
    void anArmv7WheelGetsARelativeArmv6Symlink() throws IOException {
        new WheelPublisher(simple).publish(temp("v7"), "foo", V7);
        Path link = simple.resolve("foo").resolve(V6);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of(V7));
        assertThat(Files.readString(link)).isEqualTo("v7");
    }

    @Test
    void aRealArmv6WheelIsNeverReplacedButAStaleLinkIs() throws IOException {
        Path dir = Files.createDirectories(simple.resolve("foo"));
        Files.writeString(dir.resolve(V6), "real v6");
        new WheelPublisher(simple).publish(temp("v7"), "foo", V7);
        assertThat(Files.isSymbolicLink(dir.resolve(V6))).isFalse();
        assertThat(Files.readString(dir.resolve(V6))).isEqualTo("real v6");

        Files.delete(dir.resolve(V6));
        Files.createSymbolicLink(dir.resolve(V6), Path.of("elsewhere.whl"));
        new WheelPublisher(simple).publish(temp("v7 again"), "foo", V7);
        assertThat(Files.readSymbolicLink(dir.resolve(V6))).isEqualTo(Path.of(V7));
    }

    @Test
    void aSymlinkedPackageDirectoryIsReplacedByARealOne() throws IOException {
        Path other = Files.createDirectories(simple.resolve("other"));
        Files.createSymbolicLink(simple.resolve("foo"), Path.of("other"));
        new WheelPublisher(simple).publish(temp("wheel"), "foo", "foo-0.1-py3-none-any.whl");
        assertThat(Files.isSymbolicLink(simple.resolve("foo"))).isFalse();
        assertThat(Files.isDirectory(simple.resolve("foo"))).isTrue();
        try (var s = Files.list(other)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aRepublishedWheelGetsItsOwnMetadataNotTheOldOne() throws Exception {
        Path first = Files.createTempFile(simple, ".upload-", ".part");
        writeWheel(first, "Name: foo\nVersion: 0.1\nSummary: first\n");
        new WheelPublisher(simple).publish(first, "foo", "foo-0.1-py3-none-any.whl");
        Path second = Files.createTempFile(simple, ".upload-", ".part");
        writeWheel(second, "Name: foo\nVersion: 0.1\nSummary: second\n");
        WheelPublisher.Published result = new WheelPublisher(simple).publish(second, "foo", "foo-0.1-py3-none-any.whl");
        Path metadata = simple.resolve("foo/foo-0.1-py3-none-any.whl.metadata");
        assertThat(metadata).hasContent("Name: foo\nVersion: 0.1\nSummary: second\n");
        assertThat(result.coreMetadata().get("foo-0.1-py3-none-any.whl"))
                .isEqualTo(org.piwheels.web.WheelPublisher.sha256(metadata));
        // and a wheel without METADATA under that name leaves no stale metadata behind
        assertThat(new WheelPublisher(simple).publish(temp("no zip"), "foo", "foo-0.1-py3-none-any.whl")
                .coreMetadata()).isEmpty();
        assertThat(metadata).doesNotExist();
    }

    private static void writeWheel(Path file, String metadata) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("foo-0.1.dist-info/METADATA"));
            zip.write(metadata.getBytes());
            zip.closeEntry();
        }
    }

    @Test
    void anExistingWheelIsReplaced() throws IOException {
        new WheelPublisher(simple).publish(temp("one"), "foo", "foo-0.1-py3-none-any.whl");
        new WheelPublisher(simple).publish(temp("two"), "foo", "foo-0.1-py3-none-any.whl");
        assertThat(Files.readString(simple.resolve("foo/foo-0.1-py3-none-any.whl"))).isEqualTo("two");
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() throws IOException {
        Path t = temp("x");
        WheelPublisher p = new WheelPublisher(simple);
        assertThatThrownBy(() -> p.publish(t, "..", "foo-0.1-py3-none-any.whl")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> p.publish(t, "foo", "../foo-0.1-py3-none-any.whl")).isInstanceOf(IOException.class);
        assertThat(WheelPublisher.safeName(".hidden")).isFalse();
        assertThat(WheelPublisher.armv6Name("foo-0.1-py3-none-any.whl")).isNull();
    }
}
