package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteWriterLifecycleTest {
    @TempDir
    Path root;
    SiteWriter writer;
    MutableClock clock = new MutableClock(Fixtures.NOW);

    @BeforeEach
    void setUp() {
        writer = new SiteWriter(SiteConfig.of(root), clock);
        writer.start(List.of("foo-bar", "numpy"));
    }

    private List<String> simpleRootLinks() throws IOException {
        return Html.elements(Files.readString(root.resolve("simple/index.html")), "a").stream()
                .map(e -> e.attr("href")).toList();
    }

    private void placeWheels(String pkg, String... names) throws IOException {
        Path dir = root.resolve("simple").resolve(pkg);
        Files.createDirectories(dir);
        for (String n : names) {
            Files.writeString(dir.resolve(n), "wheel bytes");
        }
    }

    @Test
    void startCreatesTheLayoutAndKeepsAnExistingSimpleRoot() throws IOException {
        assertThat(root.resolve("simple")).isDirectory();
        assertThat(root.resolve("project")).isDirectory();
        assertThat(simpleRootLinks()).containsExactly("foo-bar/", "numpy/");
        // A second start with a different package set does not rewrite the existing root (0.23).
        new SiteWriter(SiteConfig.of(root), clock).start(List.of("other"));
        assertThat(simpleRootLinks()).containsExactly("foo-bar/", "numpy/");
    }

    @Test
    void symlinkedTopLevelDirectoriesAreKept() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("disk2/site"));
        Path linkedRoot = root.resolve("www");
        Files.createSymbolicLink(linkedRoot, elsewhere);
        Files.createDirectories(elsewhere.resolve("bigdisk"));
        Files.createSymbolicLink(elsewhere.resolve("simple"), Path.of("bigdisk"));
        new SiteWriter(SiteConfig.of(linkedRoot), clock).start(List.of("numpy"));
        assertThat(Files.isSymbolicLink(linkedRoot)).isTrue();
        assertThat(Files.isSymbolicLink(elsewhere.resolve("simple"))).isTrue();
        assertThat(elsewhere.resolve("bigdisk/index.html")).exists();
    }

    @Test
    void startRemovesCrashLeftoversAndLegacySimpleSymlinks() throws IOException {
        Files.createDirectories(root.resolve("project/foo-bar/json"));
        Path t1 = Files.writeString(root.resolve("simple/.index.html.0123456789ab.tmp"), "x");
        Path t2 = Files.writeString(root.resolve("project/foo-bar/.index.html.0123456789ab.tmp"), "x");
        Path t3 = Files.writeString(root.resolve("project/foo-bar/json/.index.json.0123456789ab.tmp"), "x");
        Files.createDirectories(root.resolve("simple/foo-bar"));
        Files.createSymbolicLink(root.resolve("simple/Foo_Bar"), Path.of("foo-bar"));
        new SiteWriter(SiteConfig.of(root), clock).start(List.of());
        assertThat(t1).doesNotExist();
        assertThat(t2).doesNotExist();
        assertThat(t3).doesNotExist();
        assertThat(Files.exists(root.resolve("simple/Foo_Bar"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(root.resolve("simple/foo-bar")).isDirectory();
    }

    @Test
    void projectWritesAliasSymlinksButLeavesExistingEntriesAlone() throws IOException {
        Files.createDirectories(root.resolve("project"));
        Files.createSymbolicLink(root.resolve("project/FOO.BAR"), Path.of("somewhere-else"));
        writer.writeProjectPage(Fixtures.fooBar());
        Path alias = root.resolve("project/Foo_Bar");
        assertThat(Files.isSymbolicLink(alias)).isTrue();
        assertThat(Files.readSymbolicLink(alias)).isEqualTo(Path.of("foo-bar"));
        assertThat(alias.resolve("index.html")).hasSameTextualContentAs(root.resolve("project/foo-bar/index.html"));
        assertThat(Files.readSymbolicLink(root.resolve("project/FOO.BAR"))).isEqualTo(Path.of("somewhere-else"));
        assertThat(Files.exists(root.resolve("project/foo-bar"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isSymbolicLink(root.resolve("project/foo-bar"))).isFalse();
        // PROJECT never touches the simple tree.
        assertThat(root.resolve("simple/foo-bar")).doesNotExist();
    }

    @Test
    void aliasesThatCannotBeFileNamesAreSkipped() throws IOException {
        writer.writeProjectPage(new ProjectInput("safe", null, "", List.of(), List.of("../escape", "Safe", "a/b")));
        assertThat(Files.isSymbolicLink(root.resolve("project/Safe"))).isTrue();
        assertThat(Files.exists(root.resolve("escape"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("project/a"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        try (var entries = Files.list(root.resolve("project"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("safe", "Safe");
        }
    }

    @Test
    void anAliasThatBecomesAPackageGetsARealDirectory() throws IOException {
        writer.writeProjectPage(Fixtures.fooBar());
        ProjectInput former = new ProjectInput("Foo_Bar".toLowerCase(), null, "", List.of(), List.of());
        Files.createSymbolicLink(root.resolve("project/foo_bar"), Path.of("foo-bar"));
        writer.writeBoth(former);
        assertThat(Files.isSymbolicLink(root.resolve("project/foo_bar"))).isFalse();
        assertThat(root.resolve("project/foo_bar/index.html")).exists();
        assertThat(root.resolve("project/foo-bar/index.html")).exists();
    }

    @Test
    void deleteVersionRemovesTheListedFilesAndRewritesThePagesWithoutIt() throws IOException {
        placeWheels("foo-bar", "foo_bar-1.0-py3-none-any.whl", "foo_bar-1.0-py3-none-any.whl.metadata",
                "foo_bar-1.1-cp39-cp39-linux_armv7l.whl");
        writer.writeBoth(Fixtures.fooBar());
        writer.deleteVersion(Fixtures.fooBar(), "1.0", List.of("foo_bar-1.0-py3-none-any.whl"));
        Path dir = root.resolve("simple/foo-bar");
        assertThat(dir.resolve("foo_bar-1.0-py3-none-any.whl")).doesNotExist();
        assertThat(dir.resolve("foo_bar-1.0-py3-none-any.whl.metadata")).doesNotExist();
        assertThat(dir.resolve("foo_bar-1.1-cp39-cp39-linux_armv7l.whl")).exists();
        String simple = Files.readString(dir.resolve("index.html"));
        assertThat(simple).doesNotContain("foo_bar-1.0-").contains("foo_bar-1.1-cp39-cp39-linux_armv7l.whl");
        assertThat(Files.readString(root.resolve("project/foo-bar/json/index.json"))).doesNotContain("\"1.0\"")
                .contains("\"1.1\"");
        assertThat(Files.readString(root.resolve("project/foo-bar/index.html"))).doesNotContain(">1.0 <span");
    }

    @Test
    void deleteVersionWithoutAFileListMatchesWheelsByNormalisedVersion() throws IOException {
        placeWheels("foo-bar", "foo_bar-1.0.0-cp39-cp39-linux_armv7l.whl", "foo_bar-1.0.0-cp39-cp39-linux_armv6l.whl",
                "foo_bar-1.0.1-cp39-cp39-linux_armv7l.whl", "foo_bar-1.0_1-py3-none-any.whl", "notes.txt");
        writer.deleteVersion(Fixtures.fooBar(), "1.0", null);
        Path dir = root.resolve("simple/foo-bar");
        assertThat(dir.resolve("foo_bar-1.0.0-cp39-cp39-linux_armv7l.whl")).doesNotExist();
        assertThat(dir.resolve("foo_bar-1.0.0-cp39-cp39-linux_armv6l.whl")).doesNotExist();
        assertThat(dir.resolve("foo_bar-1.0.1-cp39-cp39-linux_armv7l.whl")).exists();
        assertThat(dir.resolve("foo_bar-1.0_1-py3-none-any.whl")).exists();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void deletePackageRemovesEverythingEvenWithoutDatabaseRowsButKeepsLogs() throws IOException {
        writer.writeBoth(Fixtures.fooBar());
        placeWheels("foo-bar", "foo_bar-1.1-cp39-cp39-linux_armv7l.whl", "unknown-to-db.whl");
        Files.createSymbolicLink(root.resolve("simple/foo-bar/foo_bar-1.1-cp39-cp39-linux_armv6l.whl"),
                Path.of("foo_bar-1.1-cp39-cp39-linux_armv7l.whl"));
        writer.writeLog(42, "log");
        writer.writeBoth(new ProjectInput("numpy", null, "", List.of(), List.of("NumPy")));

        writer.deletePackage("foo-bar");

        assertThat(simpleRootLinks()).containsExactly("numpy/");
        assertThat(writer.knownPackages()).containsExactly("numpy");
        assertThat(Files.exists(root.resolve("simple/foo-bar"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("project/foo-bar"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("project/Foo_Bar"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("project/FOO.BAR"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isSymbolicLink(root.resolve("project/NumPy"))).isTrue();
        assertThat(root.resolve("project/numpy/index.html")).exists();
        assertThat(root.resolve("logs/0000/0000/0042.txt.gz")).exists();
        assertThat(Files.readString(root.resolve("simple/index.v1.json"))).doesNotContain("foo-bar");
    }

    @Test
    void deletePackageRefusesNamesThatWouldEscapeTheTree() {
        for (String bad : List.of("", ".", "..", "../etc", "a/b")) {
            assertThatThrownBy(() -> writer.deletePackage(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.resolve("simple")).isDirectory();
        assertThat(root.resolve("project")).isDirectory();
    }

    @Test
    void aRewriteWithTheSameDataAndTimeChangesNothingOnDisk() throws IOException {
        writer.writeBoth(Fixtures.fooBar());
        Path page = root.resolve("project/foo-bar/index.html");
        Object key = Files.readAttributes(page, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        writer.writeBoth(Fixtures.fooBar());
        assertThat(Files.readAttributes(page, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(key);
        clock.advance(java.time.Duration.ofSeconds(1));
        writer.writeBoth(Fixtures.fooBar());
        assertThat(Files.readAttributes(page, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isNotEqualTo(key);
    }

    @Test
    void deleteVersionDropsTheVersionFromThePagesEvenWhenNoFileIsOnDisk() throws IOException {
        ProjectInput.WheelFile ext = new ProjectInput.WheelFile("x-1.0-py3-none-any.whl", "https://a.example",
                Fixtures.HASH_A, 1, "cp39", "none", "any", null, Set.of(), Set.of(), null, null);
        ProjectInput p = new ProjectInput("x", null, "", List.of(new ProjectInput.Release("1.0", false, Instant.EPOCH,
                "", List.of(ext), java.util.Map.of())), List.of());
        writer.writeBoth(p);
        writer.deleteVersion(p, "1.0", List.of());
        assertThat(Files.readString(root.resolve("simple/x/index.html"))).doesNotContain("x-1.0");
    }
}
