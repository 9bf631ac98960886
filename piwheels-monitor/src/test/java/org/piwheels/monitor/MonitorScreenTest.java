package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.cbor.NoData;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;

/** What the monitor draws, read back cell by cell from Lanterna's virtual terminal. */
class MonitorScreenTest {
    /** Slave 1 is building baz 3.0 after this step of the recorded session. */
    private static final int BUILDING_BAZ = 10;

    private MonitorFixture f;

    private MonitorFixture connected(int columns, int rows) {
        f = new MonitorFixture(new TerminalSize(columns, rows), Duration.ofHours(1));
        return f.connect(MonitorFixture.recordedPicture(BUILDING_BAZ));
    }

    @AfterEach
    void close() throws IOException {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void waitsForTheMasterBeforeItAnswers() throws IOException {
        f = new MonitorFixture(new TerminalSize(100, 30), Duration.ofHours(1));
        f.app.start();
        assertThat(f.text.row(29)).startsWith("Waiting for connection");
        assertThat(f.text.row(1)).contains("Doing whatever the master does");
    }

    @Test
    void headerHasTheSpecCaptionsWithSortMarks() {
        connected(100, 30);
        assertThat(f.text.row(0)).matches("S  +# +Label\\^ +ABI\\^ +Up Time +Task Time +Task");
    }

    @Test
    void masterRowShowsHostUptimeAndStatus() {
        connected(100, 30);
        // the master's HELLO says it started at 08:00:00.25; the monitor's clock reads 12:00:05.1
        assertThat(f.text.row(1)).matches("▪ +piwheels-master +04:00:04 +00:00:00 +Doing whatever the master does");
        assertThat(f.text.row(29)).startsWith("Connected to master");
    }

    @Test
    void slaveRowShowsTheRecordedBuildInProgress() {
        connected(100, 30);
        String row = f.text.row(2);
        assertThat(row).matches("└─ ▪ 1 slave1 +cp311 +00:00:05 +00:00:05 +Building baz 3\\.0");
        int marker = row.indexOf('▪');
        assertThat(f.text.cell(marker, 2).getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN_BRIGHT);
    }

    @Test
    void masterBoxShowsTheLatestStatistics() {
        connected(120, 30);
        assertThat(f.text.all()).contains("Master piwheels-master");
        assertThat(line("Build Size")).contains("920 GB");
        assertThat(line("File Count")).contains("1,234,567");
        assertThat(line("Packages")).contains("345,678");
        assertThat(line("Queue")).contains("cp311 1,500").doesNotContain("cp39");
        assertThat(line("Builds/hr")).contains("cp311 40").contains("cp39 12");
        assertThat(line("Downloads/hr")).contains("4,321");
        assertThat(line("Downloads ")).contains("9,876,543 month, 1,234,567,890 all");
        assertThat(line("Temperature")).contains("55.5°C").contains("40-80°C");
        assertThat(line("Load Avg")).contains("1.25").contains("4.0");
        assertThat(line("OS")).contains("Debian GNU/Linux 12 (bookworm)");
    }

    /** The screen row holding a box label (the first, for labels in both columns). */
    private String line(String label) {
        int row = f.text.rowOf("│" + label);
        if (row < 0) {
            row = f.text.rowOf(" " + label);
        }
        assertThat(row).as("row with %s in%n%s", label, f.text.all()).isPositive();
        String text = f.text.row(row);
        return text.substring(text.indexOf(label));
    }

    @Test
    void selectingTheSlaveShowsItsHostFactsAndGraphs() {
        connected(120, 30);
        f.press(KeyType.ArrowDown);
        f.pumpUntil(() -> f.text.all().contains("Slave 1 slave1"));
        assertThat(line("Board")).startsWith("Board        Pi 4B rev 1.1, BCM2711, Sony UK, 4GB (c03111)");
        assertThat(line("Python")).contains("311 (on linux_armv7l)");
        assertThat(line("Clock Delta")).contains("00:00:01");
        assertThat(line("Temperature")).contains("48.7°C");
        assertThat(line("Disk")).contains("10 GB").contains("29 GB");
        assertThat(f.text.cell(5, 2).isReversed()).isTrue();
        assertThat(f.text.cell(5, 1).isReversed()).isFalse();
    }

    @Test
    void historyShowsAsASparkline() {
        List<StatusMessage> picture = MonitorFixture.recordedPicture(BUILDING_BAZ);
        picture.add(Vectors.monitorStats("monitor_stats.STATS.initial"));
        f = new MonitorFixture(new TerminalSize(120, 30), Duration.ofHours(1));
        f.connect(picture);
        // downloads went 4,321 then 0: a full block, then the lowest
        assertThat(line("Downloads/hr")).startsWith("Downloads/hr 0 █▁");
    }

    @Test
    void lateSlaveIsHighlighted() {
        connected(100, 30);
        f.clock.advance(Duration.ofSeconds(200)); // more than half the slave's 5 minute busy timeout
        f.pumpFor(Duration.ofMillis(100));
        String row = f.text.row(2);
        assertThat(row).contains("slave1");
        int label = row.indexOf("slave1");
        assertThat(f.text.cell(label, 2).getForegroundColor()).isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);
        assertThat(f.text.cell(label, 2).getModifiers()).contains(SGR.BOLD);
        assertThat(f.text.cell(row.indexOf('▪'), 2).getForegroundColor()).isEqualTo(TextColor.ANSI.YELLOW);
        assertThat(f.text.cell(f.text.row(1).indexOf("piwheels"), 1).getForegroundColor())
                .isEqualTo(TextColor.ANSI.DEFAULT);
    }

    @Test
    void goneSlaveShowsTerminatingThenLeavesTheList() {
        connected(100, 30);
        f.master.publish(new Slave(1, f.clock.instant(), "DIE", NoData.INSTANCE));
        f.pumpUntil(() -> f.text.row(2).contains("Terminating"));
        int marker = f.text.row(2).indexOf('▪');
        assertThat(f.text.cell(marker, 2).getForegroundColor()).isEqualTo(TextColor.ANSI.RED_BRIGHT);
        f.clock.advance(Duration.ofSeconds(6));
        f.pumpUntil(() -> f.text.rowOf("slave1") < 0);
        assertThat(f.text.row(2)).isEmpty();
    }

    @Test
    void detailViewListsRecentBuilds() {
        connected(120, 30);
        f.press(KeyType.ArrowDown);
        f.press('d');
        assertThat(f.text.all()).contains("Recent builds");
        assertThat(f.text.all()).containsPattern("baz 3\\.0 +2024-05-17 12:00:00  building for 00:00:05")
                .containsPattern("foo 0\\.1 +2024-05-17 12:00:00  took 00:00:00");
        assertThat(f.text.all()).contains("Busy Timeout").contains("00:05:00");
        f.press(KeyType.Escape);
        assertThat(f.text.row(0)).contains("Label^");
    }

    @Test
    void helpOverlayListsTheKeysAndClosesWithEsc() {
        connected(100, 30);
        f.press('h');
        assertThat(f.text.all()).contains("Help").contains("q                    quit the monitor");
        f.press(KeyType.Escape);
        assertThat(f.text.all()).doesNotContain("quit the monitor");
    }

    @Test
    void sKeyCyclesTheSlaveOrder() {
        connected(100, 30);
        f.press('s');
        assertThat(f.text.row(0)).contains("#^").doesNotContain("ABI^");
        assertThat(f.text.row(29)).contains("Sorted by id");
    }

    @Test
    void qQuits() {
        connected(100, 30);
        f.press('q');
        assertThat(f.running()).isFalse();
        assertThat(f.app.controller().interrupted()).isFalse();
    }

    @Test
    void ctrlCQuitsEvenFromADialog() {
        connected(100, 30);
        f.press(KeyType.Enter);
        f.terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('c', true, false));
        f.step();
        assertThat(f.running()).isFalse();
        assertThat(f.app.controller().interrupted()).isTrue();
        assertThat(f.master.takeReceived()).isEmpty();
    }

    @Test
    void redrawsAtTheNewSizeWhenTheTerminalIsResized() {
        connected(100, 30);
        f.terminal.setTerminalSize(new TerminalSize(60, 16));
        f.pumpUntil(() -> f.text.row(15).startsWith("Connected to master"));
        assertThat(f.text.row(15)).hasSize(60);
        assertThat(f.text.row(2)).startsWith("└─ ▪ 1 slave1");
        f.terminal.setTerminalSize(new TerminalSize(140, 40));
        f.pumpUntil(() -> f.text.row(39).startsWith("Connected to master"));
        assertThat(f.text.row(39)).endsWith("h: help").hasSize(140);
        f.terminal.setTerminalSize(new TerminalSize(20, 3)); // too small for a box: list and status bar only
        f.pumpUntil(() -> f.text.row(2).startsWith("Connected to maste"));
        assertThat(f.text.row(0)).startsWith("S    # Label^");
        assertThat(f.text.row(1)).startsWith("▪");
    }

    @Test
    void longListsScrollToKeepTheSelectionVisible() {
        List<StatusMessage> picture = new ArrayList<>(MonitorFixture.recordedPicture(0));
        for (int id = 1; id <= 40; id++) {
            picture.add(new Slave(id, MonitorFixture.START, "HELLO", List.of(Duration.ofHours(3),
                    Duration.ofMinutes(5), "311", "cp311", "linux_armv7l", String.format("s%02d", id),
                    "Raspbian GNU/Linux", "11 (bullseye)", "unknown", "unknown")));
        }
        f = new MonitorFixture(new TerminalSize(100, 30), Duration.ofHours(1));
        f.connect(picture);
        f.press(KeyType.End);
        // 30 rows: header, 21 list rows, a 7-row slave box, the status bar
        assertThat(f.text.row(21)).contains("s40");
        assertThat(f.text.cell(5, 21).isReversed()).isTrue();
        assertThat(f.text.row(1)).contains("s20");
        assertThat(f.text.row(0)).startsWith("S");
        f.press(KeyType.PageUp);
        assertThat(f.text.all()).contains("Slave 20 s20");
        f.press(KeyType.Home);
        assertThat(f.text.row(1)).contains("piwheels-master");
        assertThat(f.text.cell(5, 1).isReversed()).isTrue();
    }
}
