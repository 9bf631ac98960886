package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site writer's source of PEP 658 hashes for wheels the file receiver published without metadata. */
class CoreMetadataFilesTest {
    @TempDir
    Path root;

    @Test
    void extractsMissingMetadataOnceAndFollowsChanges() throws Exception {
        Path dir = Files.createDirectories(root.resolve("simple/foo"));
        String name = "foo-1.0-cp311-cp311-linux_armv7l.whl";
        Files.write(dir.resolve(name), SampleSite.wheelBytes("foo", "1.0", "cp311-cp311-linux_armv7l", ">=3.9", 0));
        Files.createSymbolicLink(dir.resolve("foo-1.0-cp311-cp311-linux_armv6l.whl"), Path.of(name));
        CoreMetadataFiles files = new CoreMetadataFiles(root);

        String hash = files.sha256("foo", name).orElseThrow();
        Path metadata = dir.resolve(name + ".metadata");
        assertThat(Files.readString(metadata)).startsWith("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n");
        assertThat(WheelPublisher.sha256(metadata)).isEqualTo(hash);
        // the armv6l name: the same hash, through a metadata link beside the wheel link
        assertThat(files.sha256("foo", "foo-1.0-cp311-cp311-linux_armv6l.whl")).hasValue(hash);
        assertThat(Files.readSymbolicLink(dir.resolve("foo-1.0-cp311-cp311-linux_armv6l.whl.metadata")))
                .isEqualTo(Path.of(name + ".metadata"));

        // a replaced metadata file is hashed again (size or time changed)
        Files.writeString(metadata, "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: changed\n");
        String changed = files.sha256("foo", name).orElseThrow();
        assertThat(changed).isNotEqualTo(hash).isEqualTo(WheelPublisher.sha256(metadata));
    }

    @Test
    void nothingToAnnounceWithoutAReadableWheel() throws Exception {
        Path dir = Files.createDirectories(root.resolve("simple/foo"));
        Files.writeString(dir.resolve("foo-1.0-py3-none-any.whl"), "not a zip");
        CoreMetadataFiles files = new CoreMetadataFiles(root);
        assertThat(files.sha256("foo", "foo-1.0-py3-none-any.whl")).isEmpty();
        assertThat(dir.resolve("foo-1.0-py3-none-any.whl.metadata")).doesNotExist();
        assertThat(files.sha256("foo", "foo-2.0-py3-none-any.whl")).isEmpty();
        assertThat(files.sha256("bar", "bar-1.0-py3-none-any.whl")).isEmpty();
    }

    @Test
    void publishedWheelsAreNotRememberedAndTheFallbackMemoryIsBounded() throws Exception {
        Path dir = Files.createDirectories(root.resolve("simple/foo"));
        CoreMetadataFiles files = new CoreMetadataFiles(root, 2);
        for (int i = 1; i <= 4; i++) {
            String name = "foo-" + i + ".0-py3-none-any.whl";
            Files.write(dir.resolve(name), SampleSite.wheelBytes("foo", i + ".0", "py3-none-any", null, 0));
            String hash = files.replace("foo", name).orElseThrow();
            assertThat(WheelPublisher.sha256(dir.resolve(name + ".metadata"))).isEqualTo(hash);
        }
        // the database keeps the hashes of published wheels: nothing held here for them
        assertThat(files.remembered()).isZero();
        for (int i = 1; i <= 4; i++) {
            assertThat(files.sha256("foo", "foo-" + i + ".0-py3-none-any.whl")).isPresent();
        }
        assertThat(files.remembered()).isEqualTo(2);
        // a wheel replaced under the same name forgets the old answer
        files.replace("foo", "foo-4.0-py3-none-any.whl");
        assertThat(files.remembered()).isEqualTo(1);
    }
}
