package org.piwheels.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexLagTest {

    /** What pip 23 prints when the index has no file for the requirement (shortened log). */
    private static final String PIP_NOT_YET = """
            Looking in indexes: https://pypi.org/simple
            ERROR: Could not find a version that satisfies the requirement Foo_Bar==1.2 (from versions: 1.0, 1.1)
            ERROR: No matching distribution found for Foo_Bar==1.2
            """;

    @Test
    void pipsMessageAboutTheBuiltVersionIsIndexLag() {
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2", PIP_NOT_YET)).isTrue();
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2",
                "ERROR: No matching distribution found for foo-bar==1.2\n")).isTrue();
    }

    @Test
    void theSameMessageAboutADependencyIsARealFailure() {
        String log = """
                Collecting foo-bar==1.2
                  Downloading foo_bar-1.2.tar.gz (10 kB)
                ERROR: Could not find a version that satisfies the requirement numpy==9.9 (from foo-bar) (from versions: none)
                ERROR: No matching distribution found for numpy==9.9
                """;
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2", log)).isFalse();
    }

    @Test
    void otherVersionsAndOtherFailuresAreNot() {
        assertThat(IndexLag.isIndexLag("foo-bar", "1.3", PIP_NOT_YET)).isFalse();
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2", "error: command 'gcc' failed")).isFalse();
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2", null)).isFalse();
        assertThat(IndexLag.isIndexLag("foo-bar", "1.2", "")).isFalse();
    }
}
