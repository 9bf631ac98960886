package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/** The parts of an offline build's fetch step that need no pip: index links, sdist choice, pyproject.toml. */
class OfflinePartsTest {
    @TempDir
    Path work;

    @Test
    void linksAreResolvedUnescapedAndTheSdistOfExactlyTheVersionIsChosen() {
        URI page = URI.create("https://pypi.example/simple/foo-bar/");
        String html = "<html><body>"
                + "<a href=\"../../packages/foo_bar-1.0.zip#sha256=AB12\">foo_bar-1.0.zip</a>\n"
                + "<a href='https://files.example/p/Foo.Bar-1.0.tar.gz#sha256=cd34' data-requires-python=\"&gt;=3.7\">x</a>"
                + "<a href=\"/packages/foo_bar-1.0-py3-none-any.whl#sha256=ee\">wheel</a>"
                + "<a href=\"/packages/foo_bar-1.0.1.tar.gz?x=1&amp;y=2#md5=ff\">1.0.1</a>"
                + "<a href=\"/packages/foo_bar_baz-1.0.tar.gz\">another project</a>"
                + "<a href=\"/packages/..%2F..%2Fescape-1.0.tar.gz\">hostile</a>"
                + "</body></html>";
        List<SimpleIndexLinks.Link> links = SimpleIndexLinks.parse(page, html);
        assertThat(links).extracting(SimpleIndexLinks.Link::filename).containsExactly("foo_bar-1.0.zip",
                "Foo.Bar-1.0.tar.gz", "foo_bar-1.0-py3-none-any.whl", "foo_bar-1.0.1.tar.gz", "foo_bar_baz-1.0.tar.gz",
                "../../escape-1.0.tar.gz");
        assertThat(links.get(0).url()).isEqualTo(URI.create("https://pypi.example/packages/foo_bar-1.0.zip"));
        assertThat(links.get(0).hashName()).isEqualTo("sha256");
        assertThat(links.get(0).hashValue()).isEqualTo("ab12");
        assertThat(links.get(3).url().toString()).isEqualTo("https://pypi.example/packages/foo_bar-1.0.1.tar.gz?x=1&y=2");

        // .tar.gz wins over .zip; names compare as PEP 503 says; versions exactly; no wheel, no other project
        assertThat(SimpleIndexLinks.sdistOf(links, "FOO-bar", "1.0").filename()).isEqualTo("Foo.Bar-1.0.tar.gz");
        assertThat(SimpleIndexLinks.sdistOf(links, "foo-bar", "1.0.1").hashName()).isEqualTo("md5");
        assertThat(SimpleIndexLinks.sdistOf(links, "foo-bar", "1.1")).isNull();
        assertThat(SimpleIndexLinks.sdistOf(links, "foo-bar-baz", "1.0").filename()).isEqualTo("foo_bar_baz-1.0.tar.gz");
        assertThat(SimpleIndexLinks.sdistOf(links, "escape", "1.0")).as("a name that leaves the directory").isNull();
    }

    @Test
    void buildRequirementsComeFromTheTopLevelPyprojectOrArePipsDefault() throws Exception {
        Path custom = SdistBuilder.sdist("needs-x", "1.0").file("pyproject.toml", String.join("\n",
                "[build-system]",
                "# a comment",
                "requires = [",
                "    'setuptools >= 61',  # wheel is added: old setuptools asks for it at build time",
                "    \"x-helper[extra]==2.*; python_version >= '3'\",",
                "]",
                "build-backend = 'setuptools.build_meta'", "")).build().writeTo(work);
        BuildRequirements.Found found = BuildRequirements.of(custom);
        assertThat(found.requires()).containsExactly("setuptools >= 61", "x-helper[extra]==2.*; python_version >= '3'",
                "wheel");
        assertThat(found.note()).isEqualTo("from pyproject.toml");

        Path flit = SdistBuilder.sdist("flitty", "1.0").file("pyproject.toml",
                "[build-system]\nrequires = [\"flit_core >=3.2,<4\"]\nbuild-backend = \"flit_core.buildapi\"\n").build()
                .writeTo(work);
        assertThat(BuildRequirements.of(flit).requires()).containsExactly("flit_core >=3.2,<4");

        Path none = SdistBuilder.sdist("old-style", "1.0").pyproject(false)
                .file("sub/pyproject.toml", "[build-system]\nrequires = ['not-this']\n").build().writeTo(work);
        assertThat(BuildRequirements.of(none).requires()).isEqualTo(BuildRequirements.DEFAULT);
        assertThat(BuildRequirements.of(none).note()).startsWith("no pyproject.toml");

        Path broken = SdistBuilder.sdist("broken", "1.0").file("pyproject.toml", "[build-system\nrequires = [").build()
                .writeTo(work);
        assertThat(BuildRequirements.of(broken).requires()).isEqualTo(BuildRequirements.DEFAULT);
        assertThat(BuildRequirements.of(broken).note()).startsWith("pyproject.toml is not valid TOML");

        Path notAnArchive = Files.writeString(work.resolve("junk-1.0.tar.gz"), "not gzip");
        assertThat(BuildRequirements.of(notAnArchive).requires()).isEqualTo(BuildRequirements.DEFAULT);
        assertThat(BuildRequirements.of(notAnArchive).note()).startsWith("cannot read junk-1.0.tar.gz");

        Path zip = work.resolve("zipped-1.0.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("zipped-1.0/"));
            z.putNextEntry(new ZipEntry("zipped-1.0/pyproject.toml"));
            z.write("[build-system]\nrequires = ['hatchling']\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(BuildRequirements.of(zip).requires()).containsExactly("hatchling");
    }

    @Test
    void aPaxArchiveWithALongTopDirectoryIsReadToo() throws Exception {
        // Python's tarfile writes pax headers for names over 100 bytes, as sdist tools do
        String top = "p".repeat(120) + "-1.0";
        Path script = Files.writeString(work.resolve("mk.py"), String.join("\n",
                "import io, sys, tarfile",
                "with tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT) as t:",
                "    for name, text in [('PKG-INFO', 'x' * 3000), ('pyproject.toml', \"[build-system]\\nrequires = ['long-one']\\n\")]:",
                "        data = text.encode()",
                "        info = tarfile.TarInfo('" + top + "/' + name); info.size = len(data)",
                "        t.addfile(info, io.BytesIO(data))", ""));
        Path archive = work.resolve(top + ".tar.gz");
        PipRunner.Result r = new PipRunner(work.resolve("home")).python(Duration.ofSeconds(60), script.toString(),
                archive.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(BuildRequirements.of(archive).requires()).containsExactly("long-one");
    }
}
