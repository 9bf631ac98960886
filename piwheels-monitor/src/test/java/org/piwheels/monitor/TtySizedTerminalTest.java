package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import org.junit.jupiter.api.Test;

/** Reading {@code stty size}; the real terminal's resize is exercised by {@code live.TmuxMonitorTest}. */
class TtySizedTerminalTest {
    @Test
    void rowsThenColumns() {
        assertThat(TtySizedTerminal.parse("24 90\n")).isEqualTo(new TerminalSize(90, 24));
    }

    @Test
    void nothingUsableFallsBackToTheTerminalsOwnAnswer() {
        assertThat(TtySizedTerminal.parse("0 0\n")).as("a pseudo terminal nobody sized").isNull();
        assertThat(TtySizedTerminal.parse("stty: 'standard input': Inappropriate ioctl for device")).isNull();
        assertThat(TtySizedTerminal.parse("")).isNull();
        assertThat(TtySizedTerminal.parse(null)).isNull();
    }
}
