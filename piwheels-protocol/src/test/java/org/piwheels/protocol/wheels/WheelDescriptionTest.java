package org.piwheels.protocol.wheels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-name tags, METADATA and Requires-Dist (components spec §7.4, §19.9 items 102–103). */
class WheelDescriptionTest {
    @TempDir
    Path dir;

    private Path wheel(String name, String metadataPath, String metadata) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            if (metadataPath != null) {
                zip.putNextEntry(new ZipEntry(metadataPath));
                zip.write(metadata.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("foo/__init__.py"));
            zip.closeEntry();
        }
        return p;
    }

    @Test
    void tagsComeFromTheFileName() throws Exception {
        WheelFile w = WheelFile.parse(Path.of("foo-0.1-cp34-noabi-any.whl"));
        assertThat(List.of(w.packageTag(), w.versionTag(), w.pyTag(), w.abiTag(), w.platformTag()))
                .containsExactly("foo", "0.1", "cp34", "none", "any");
        assertThat(w.buildTag()).isNull();
        WheelFile b = WheelFile.parse(Path.of("/x/Foo_Bar-1.0-2-cp311-cp311-linux_armv7l.whl"));
        assertThat(b.buildTag()).isEqualTo("2");
        assertThat(b.platformTag()).isEqualTo("linux_armv7l");
        assertThatThrownBy(() -> WheelFile.parse(Path.of("foo-1.0.whl"))).isInstanceOf(BadWheelException.class);
    }

    @Test
    void metadataIsFoundUnderTheCanonicalNameToo() throws Exception {
        Path p = wheel("Foo-0.1-py3-none-any.whl", "foo-0.1.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: Foo\nVersion: 0.1\nRequires-Python: >=3.9\n\nRequires-Dist: not-a-header\n");
        WheelMetadata m = WheelMetadata.read(p, WheelFile.parse(p));
        assertThat(m.requiresPython()).isEqualTo(">=3.9");
        assertThat(m.pipDependencies()).isEmpty();
    }

    @Test
    void aWheelWithoutMetadataIsBad() throws Exception {
        Path p = wheel("foo-0.1-py3-none-any.whl", "other-0.1.dist-info/METADATA", "Name: other\n");
        assertThatThrownBy(() -> WheelMetadata.read(p, WheelFile.parse(p)))
                .isInstanceOf(BadWheelException.class)
                .hasMessageContaining("Unable to locate METADATA in")
                .hasMessageContaining("other-0.1.dist-info/METADATA");
    }

    @Test
    void pipDependenciesFollowTheSpec() {
        String gpiozero = String.join("\n",
                "Metadata-Version: 2.1",
                "Name: gpiozero",
                "Version: 2.0.1",
                "Requires-Python: >=3.9",
                "Requires-Dist: colorzero",
                "Requires-Dist: importlib-metadata ~=4.6 ; python_version < \"3.10\"",
                "Requires-Dist: importlib-resources ~=5.0 ; python_version < \"3.10\"",
                "Requires-Dist: sphinx >=4.0 ; extra == 'doc'",
                "Requires-Dist: sphinx-rtd-theme >=1.0 ; extra == \"doc\"",
                "Requires-Dist: pytest ; extra == 'test'",
                "Requires-Dist: pytest-cov ; (python_version >= '3.9') and extra == 'test'",
                "Provides-Extra: doc",
                "");
        WheelMetadata m = WheelMetadata.parse(gpiozero);
        assertThat(m.requiresPython()).isEqualTo(">=3.9");
        assertThat(m.pipDependencies()).containsExactly("colorzero", "importlib-metadata", "importlib-resources");

        WheelMetadata others = WheelMetadata.parse(String.join("\n",
                "Name: x",
                "Requires-Dist: RPi.GPIO",
                "Requires-Dist: w1thermsensor",
                "Requires-Dist: allianceauth>=4.6.4,<6",
                "Requires-Dist: Allianceauth",
                "Requires-Dist: ",
                "Requires-Dist: not a requirement!",
                "Requires-Dist: bad-marker; python_version <",
                "Requires-Dist: weird; nonsense_variable == '1'",
                "Requires-Dist: pkg[extra1,extra2] (>=1.0)",
                "Requires-Dist: urlpkg @ https://example.org/urlpkg.zip",
                "Requires-Dist: " + "a".repeat(256),
                ""));
        assertThat(others.pipDependencies()).containsExactly("allianceauth", "pkg", "rpi-gpio", "urlpkg", "w1thermsensor");
        assertThat(WheelMetadata.parse("Name: y\n").requiresPython()).isNull();
    }

    @Test
    void theHashIsLowerCaseHexSha256() throws Exception {
        Path p = dir.resolve("abc.bin");
        Files.writeString(p, "abc");
        assertThat(WheelHashes.sha256(p))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void foldedHeadersAreUnfolded() {
        WheelMetadata m = WheelMetadata.parse("Summary: one\n  two\nRequires-Python: >=3.7\n");
        assertThat(m.all("summary")).containsExactly("one\n  two");
        assertThat(m.requiresPython()).isEqualTo(">=3.7");
    }
}
