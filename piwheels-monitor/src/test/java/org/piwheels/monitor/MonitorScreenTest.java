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
        assertThat(line("Up Time")).startsWith("Up Time      04:00:04");
        assertThat(line("Build Time")).contains("3 years");
        assertThat(line("New/hr")).startsWith("New/hr       87 █");
        assertThat(line("Disk")).contains("466 GB").contains("2 TB");
        assertThat(line("Swap")).contains("0 B").contains("1024 MB");
        assertThat(line("Memory")).contains("2 GB").contains("8 GB");
        assertThat(line("State")).startsWith("State        okay");
    }

    @Test
    void boxLabelsKeepTheirGapInEightyColumns() {
        connected(80, 24);
        assertThat(line("Downloads/hr")).startsWith("Downloads/hr 4,321");
        assertThat(line("Temperature")).startsWith("Temperature  55.5°C");
    }

    @Test
    void masterBoxSaysWhyTheMasterIsInAlert() {
        connected(150, 30);
        f.clock.advance(Duration.ofSeconds(45));
        f.pumpFor(Duration.ofMillis(100));
        assertThat(line("State")).startsWith("State        alert: silent for 00:00:45");
        assertThat(f.text.cell(0, 1).getForegroundColor()).isEqualTo(TextColor.ANSI.YELLOW);
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
        assertThat(line("Last Seen")).startsWith("Last Seen    00:00:05 ago");
        assertThat(line("State")).startsWith("State        building");
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
        f.press(KeyType.ArrowDown);
        assertThat(line("State")).startsWith("State        alert: silent for 00:03:25");
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
        assertThat(line("Board")).contains("Pi 4B rev 1.1, BCM2711");
        assertThat(line("OS")).contains("Raspbian GNU/Linux 11 (bullseye)");
        assertThat(line("Python")).contains("311 (on linux_armv7l)");
        assertThat(line("Last Seen")).contains("00:00:05 ago");
        assertThat(line("Task")).contains("Building baz 3.0");
        f.press(KeyType.Escape);
        assertThat(f.text.row(0)).contains("Label^");
    }

    @Test
    void helpOverlayListsTheKeysAndClosesWithEsc() {
        connected(100, 30);
        f.press('h');
        assertThat(f.text.all()).contains("Help").contains("q                    quit the monitor")
                .contains("actions for the selected row").contains("details of the selected slave") // not cut
                .contains("Ctrl+C");
        f.press(KeyType.Escape);
        assertThat(f.text.all()).doesNotContain("quit the monitor");
    }

    @Test
    void sKeyCyclesTheSlaveOrder() {
        List<StatusMessage> picture = new ArrayList<>(MonitorFixture.recordedPicture(0));
        picture.add(hello(7, "alpha", "cp39"));
        picture.add(hello(3, "zulu", "cp311"));
        picture.add(hello(5, "mike", "cp311"));
        f = new MonitorFixture(new TerminalSize(100, 30), Duration.ofHours(1));
        f.connect(picture);
        assertThat(labelsInOrder()).containsExactly("mike", "zulu", "alpha"); // ABI, then label
        f.press('s');
        assertThat(f.text.row(0)).contains("#^").doesNotContain("ABI^");
        assertThat(f.text.row(29)).contains("Sorted by id");
        assertThat(labelsInOrder()).containsExactly("zulu", "mike", "alpha");
        f.press('s');
        assertThat(f.text.row(0)).contains("Label^").doesNotContain("ABI^");
        assertThat(labelsInOrder()).containsExactly("alpha", "mike", "zulu");
    }

    private static Slave hello(long id, String label, String abi) {
        return new Slave(id, MonitorFixture.START, "HELLO", List.of(Duration.ofHours(3), Duration.ofMinutes(5),
                abi.substring(2), abi, "linux_armv7l", label, "Raspbian GNU/Linux", "11 (bullseye)", "unknown",
                "unknown"));
    }

    /** The slave labels of the list, top to bottom. */
    private List<String> labelsInOrder() {
        List<String> labels = new ArrayList<>();
        for (int r = 2; r < f.text.rows() && f.text.row(r).contains("─ ▪"); r++) {
            labels.add(f.text.row(r).trim().split(" +")[3]);
        }
        return labels;
    }

    @Test
    void markerAndTaskFollowTheSlavesWork() {
        List<StatusMessage> session = Vectors.slaveSession();
        f = new MonitorFixture(new TerminalSize(100, 30), Duration.ofHours(1));
        f.connect(MonitorFixture.recordedPicture(0));
        List<String> seen = new ArrayList<>();
        for (StatusMessage m : session) {
            f.master.publish(m);
            Slave sl = (Slave) m;
            f.pumpUntil(() -> f.app.model().slave(sl.slaveId()) != null
                    && f.app.model().slave(sl.slaveId()).lastMessage().equals(sl.message())); // drawn in that step
            if (f.text.rowOf("slave1") == 2) {
                String row = f.text.row(2);
                seen.add(colour(f.text.cell(row.indexOf('▪'), 2).getForegroundColor()) + " "
                        + row.substring(row.indexOf("00:0") + 18).trim());
            }
        }
        assertThat(seen).containsSubsequence("grey Initializing", "grey Waiting for jobs", "green Building foo 0.1",
                "blue Transferring file", "magenta Cleaning up after build", "grey Paused", "red Terminating");
    }

    private static String colour(TextColor c) {
        if (c == TextColor.ANSI.BLACK_BRIGHT) {
            return "grey";
        }
        if (c == TextColor.ANSI.GREEN_BRIGHT) {
            return "green";
        }
        if (c == TextColor.ANSI.BLUE_BRIGHT) {
            return "blue";
        }
        if (c == TextColor.ANSI.MAGENTA_BRIGHT) {
            return "magenta";
        }
        if (c == TextColor.ANSI.RED_BRIGHT) {
            return "red";
        }
        return c.toString();
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
        // 30 rows: header, 20 list rows, an 8-row slave box, the status bar
        assertThat(f.text.row(20)).contains("s40");
        assertThat(f.text.cell(5, 20).isReversed()).isTrue();
        assertThat(f.text.row(1)).contains("s21");
        assertThat(f.text.row(0)).startsWith("S");
        f.press(KeyType.PageUp);
        assertThat(f.text.all()).contains("Slave 21 s21");
        f.press(KeyType.Home);
        assertThat(f.text.row(1)).contains("piwheels-master");
        assertThat(f.text.cell(5, 1).isReversed()).isTrue();
    }
}
