package org.piwheels.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSanitizerTest {

    @Test
    void replacesControlCharactersButKeepsWhitespace() {
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
            boolean kept = c == '\t' || c == '\n' || c == '\f' || c == '\r' || (c >= 0x20 && c < 0x7F);
            expected.append(kept ? c : '\uFFFD');
        }
        assertThat(TextSanitizer.clean(all.toString())).isEqualTo(expected.toString());
    }

    @Test
    void leavesCleanTextAndNullAlone() {
        assertThat(TextSanitizer.clean("pip/20.0 é")).isEqualTo("pip/20.0 é");
        assertThat(TextSanitizer.clean(null)).isNull();
    }
}
