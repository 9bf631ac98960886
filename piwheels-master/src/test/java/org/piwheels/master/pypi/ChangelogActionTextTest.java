package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.pypi.ChangelogActionText.*;

import org.junit.jupiter.api.Test;

class ChangelogActionTextTest {

    @Test
    void translatesTheTable() {
        assertThat(classify("add source file x.tar.gz")).isEqualTo(SOURCE_FILE);
        assertThat(classify("add py2.py3 file x.whl")).isEqualTo(BINARY_FILE);
        assertThat(classify("add cp39 file foo-1.0-cp39-cp39-linux_armv7l.whl")).isEqualTo(BINARY_FILE);
        assertThat(classify("create")).isEqualTo(CREATE_PROJECT);
        assertThat(classify("remove")).isEqualTo(REMOVE);
        assertThat(classify("remove project")).isEqualTo(REMOVE);
        assertThat(classify("remove release")).isEqualTo(REMOVE);
        assertThat(classify("yank release")).isEqualTo(YANK);
        assertThat(classify("unyank release")).isEqualTo(UNYANK);
    }

    @Test
    void ignoresEverythingElse() {
        for (String text : new String[] {"remove Owner foo", "foo", "foo bar baz", "new release",
                "remove file foo-1.0.tar.gz", "add Owner bar", "rename from foo", "docupdate", "creates",
                "yank", "add file", " add source file x"}) {
            assertThat(classify(text)).as(text).isEqualTo(IGNORED);
        }
    }
}
