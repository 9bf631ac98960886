package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.FileState;
import org.slf4j.LoggerFactory;

class BuildFileCheckTest {
    private static final String HASH = "a".repeat(64);

    private static FileState file(String name, String pkg, String ver, String py, String abi, String plat) {
        return new FileState(name, 10, HASH, pkg, ver, py, abi, plat, null, Map.of("apt", List.of(), "pip", List.of()),
                "/simple");
    }

    private static BuildFileCheck.Result check(String pkg, String ver, FileState... files) {
        return BuildFileCheck.check(pkg, ver, List.of(files), LoggerFactory.getLogger("test.check"));
    }

    @Test
    void consistentFilesPass() {
        var r = check("Foo.Bar", "1.0-beta",
                file("foo_bar-1.0b0-cp34-cp34m-linux_armv7l.whl", "foo_bar", "1.0b0", "cp34", "cp34m", "linux_armv7l"),
                file("foo_bar-1.0b0-1-py3-none-any.whl", "foo_bar", "1.0b0", "py3", "none", "any"));
        assertThat(r.ok()).isTrue();
        assertThat(r.files()).hasSize(2);
    }

    @Test
    void inconsistentFilesAreRefusedWithAReason() {
        assertThat(check("foo", "0.1", file("foo.zip", "foo", "0.1", "py3", "none", "any")).problem())
                .contains("not a wheel name");
        assertThat(check("foo", "0.1", file("foo-0.1-any.whl", "foo", "0.1", "py3", "none", "any")).problem())
                .contains("not a wheel name");
        assertThat(check("foo", "0.1", file("../foo-0.1-py3-none-any.whl", "foo", "0.1", "py3", "none", "any"))
                .problem()).contains("not a wheel name");
        assertThat(check("foo", "0.1", file("bar-0.1-py3-none-any.whl", "bar", "0.1", "py3", "none", "any"))
                .problem()).contains("not of package foo");
        assertThat(check("foo", "0.1", file("foo-0.2-py3-none-any.whl", "foo", "0.2", "py3", "none", "any"))
                .problem()).contains("not of version 0.1");
        assertThat(check("foo", "0.1", file("foo-0.1-py3-none-any.whl", "foo", "0.1", "py3", "none", "linux_armv7l"))
                .problem()).contains("does not match its tags");
        FileState ok = file("foo-0.1-py3-none-any.whl", "foo", "0.1", "py3", "none", "any");
        assertThat(check("foo", "0.1", ok, ok).problem()).contains("listed twice");
        FileState badHash = new FileState(ok.filename(), 10, "xyz", "foo", "0.1", "py3", "none", "any", null,
                Map.of(), "/simple");
        assertThat(check("foo", "0.1", badHash).problem()).contains("SHA-256");
    }

    @Test
    void unknownDependencyToolsAreDropped() {
        FileState f = new FileState("foo-0.1-py3-none-any.whl", 10, HASH, "foo", "0.1", "py3", "none", "any", null,
                Map.of("apt", List.of("libc6"), "conda", List.of("x"), "", List.of()), "/simple");
        var r = check("foo", "0.1", f);
        assertThat(r.ok()).isTrue();
        assertThat(r.files().get(0).dependencies()).containsOnlyKeys("apt", "");
    }

    @Test
    void versionSpellingsAreComparedInNormalForm() {
        assertThat(VersionTags.same("2.0.0-rc1", "2.0.0rc1")).isTrue();
        assertThat(VersionTags.same("1.0-beta", "1.0b0")).isTrue();
        assertThat(VersionTags.same("1.0.Alpha.2", "1.0a2")).isTrue();
        assertThat(VersionTags.same("v1.01", "1.1")).isTrue();
        assertThat(VersionTags.same("1.0.post", "1.0.post0")).isTrue();
        assertThat(VersionTags.same("1.0", "1.1")).isFalse();
        assertThat(VersionTags.same("1.0a1", "1.0b1")).isFalse();
    }
}
