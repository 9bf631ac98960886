package org.piwheels.monitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.piwheels.monitor.Vectors;
import org.piwheels.protocol.cbor.NoData;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Stats;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.records.MasterStats;

class MonitorModelTest {
    /** The master's frozen clock in slave_session.json. */
    private static final Instant T0 = Instant.parse("2024-05-17T12:00:00Z");

    /** The session's step after which slave 1 is building baz 3.0. */
    private static final int BUILDING_BAZ = 10;

    private final MonitorModel model = new MonitorModel();

    private void applyAll(List<StatusMessage> messages) {
        for (StatusMessage m : messages) {
            assertThat(model.apply(m, T0)).as("%s", m).isTrue();
        }
    }

    @Test
    void recordedSlaveSessionEndsBuildingTheThirdPackage() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        SlaveState s = model.slave(1);
        assertThat(s.label()).isEqualTo("slave1");
        assertThat(s.abi()).isEqualTo("cp311");
        assertThat(s.status()).isEqualTo("Building baz 3.0");
        assertThat(s.state(T0)).isEqualTo(RowState.BUILDING);
        assertThat(s.stats()).hasSize(6);
        assertThat(s.clockSkew()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.builds()).extracting(BuildRecord::packageName).containsExactly("foo", "bar", "baz");
        assertThat(s.builds()).extracting(BuildRecord::inProgress).containsExactly(false, false, true);
    }

    @Test
    void statusTextFollowsEachMessageOfTheSession() {
        List<String> statuses = new ArrayList<>();
        for (StatusMessage m : Vectors.slaveSession(17)) {
            model.apply(m, T0);
            statuses.add(model.slave(1).status());
        }
        assertThat(statuses).containsSubsequence("Initializing", "Waiting for jobs", "Building foo 0.1",
                "Transferring file", "Cleaning up after build", "Building bar 2.0", "Cleaning up after build",
                "Building baz 3.0", "Cleaning up after build", "Paused", "Initializing",
                "Paused", "Terminating"); // the session pauses the master at step 13
    }

    @Test
    void sleepSaysWhetherThePauseOrAnEmptyQueueKeepsTheSlaveWaiting() {
        applyAll(Vectors.slaveSession(1)); // HELLO, ACK
        model.apply(new Slave(1, T0.plusSeconds(1), "SLEEP", true), T0);
        assertThat(model.slave(1).status()).isEqualTo("Paused");
        assertThat(model.slave(1).state(T0)).isEqualTo(RowState.IDLE);
        model.apply(new Slave(1, T0.plusSeconds(2), "SLEEP", false), T0);
        assertThat(model.slave(1).status()).isEqualTo("Waiting for jobs");
    }

    @Test
    void sendingAndCleaningHaveTheirOwnStates() {
        List<StatusMessage> session = Vectors.slaveSession(BUILDING_BAZ);
        int send = indexOf(session, "SEND");
        applyAll(session.subList(0, send + 1));
        assertThat(model.slave(1).state(T0)).isEqualTo(RowState.SENDING);
        model.apply(session.get(send + 1), T0); // DONE
        assertThat(model.slave(1).state(T0)).isEqualTo(RowState.CLEANING);
        assertThat(model.slave(1).buildStart()).isNull();
    }

    private static int indexOf(List<StatusMessage> session, String message) {
        for (int i = 0; i < session.size(); i++) {
            if (session.get(i) instanceof Slave s && s.message().equals(message)) {
                return i;
            }
        }
        throw new AssertionError(message);
    }

    @Test
    void replayedBuildKeepsItsOriginalStart() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        model.apply(new Slave(1, T0.plusSeconds(90), "BUILD", List.of("baz", "3.0")), T0);
        assertThat(model.slave(1).buildStart()).isEqualTo(T0);
        assertThat(model.slave(1).builds()).hasSize(3);
    }

    @Test
    void replayForANewMonitorRebuildsTheHistoryAndKeepsTheBuilds() {
        applyAll(Vectors.slaveSession(14));
        SlaveState s = model.slave(1);
        assertThat(s.stats()).hasSize(8);
        assertThat(s.status()).isEqualTo("Paused"); // the replayed last reply: SLEEP true
        assertThat(s.builds()).extracting(BuildRecord::packageName).containsExactly("foo", "bar", "baz");
        assertThat(s.state(T0)).isEqualTo(RowState.IDLE);
    }

    @Test
    void wholeSessionLeavesBothSlavesGoneBySayingDieWithNoDataAndWithNull() {
        applyAll(Vectors.slaveSession());
        assertThat(model.slave(1).isGone()).isTrue();
        assertThat(model.slave(2).isGone()).isTrue();
        assertThat(model.slave(2).lastMessage()).isEqualTo("DIE");
        model.tick(T0.plusSeconds(6));
        assertThat(model.slaves(SortOrder.ID, T0)).isEmpty();
    }

    @Test
    void dieWithNoDataOrNullMeansGoneAndTheRowGoesFiveSecondsLater() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        model.apply(new Slave(2, T0, "HELLO", helloData("slave2")), T0);
        model.apply(new Slave(1, T0, "DIE", NoData.INSTANCE), T0);
        model.apply(new Slave(2, T0, "DIE", null), T0);
        assertThat(model.slave(1).isGone()).isTrue();
        assertThat(model.slave(2).isGone()).isTrue();
        assertThat(model.slave(1).status()).isEqualTo("Terminating");
        assertThat(model.slave(1).state(T0)).isEqualTo(RowState.DEAD);
        assertThat(model.slave(1).builds().get(2).inProgress()).isFalse();
        model.tick(T0.plusSeconds(5));
        assertThat(model.slaves(SortOrder.ID, T0)).hasSize(2);
        model.tick(T0.plusSeconds(6));
        assertThat(model.slaves(SortOrder.ID, T0)).isEmpty();
    }

    private static List<Object> helloData(String label) {
        return List.of(Duration.ofHours(3), Duration.ofMinutes(5), "311", "cp39", "linux_armv7l", label,
                "Raspbian GNU/Linux", "11 (bullseye)", "unknown", "unknown");
    }

    @Test
    void silenceMakesASlaveLateAtHalfItsBusyTimeoutAndDeadBeyondIt() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        SlaveState s = model.slave(1);
        assertThat(s.isLate(T0.plusSeconds(150))).isFalse();
        assertThat(s.isLate(T0.plusSeconds(151))).isTrue();
        assertThat(s.state(T0.plusSeconds(151))).isEqualTo(RowState.ALERT);
        assertThat(s.state(T0.plusSeconds(300))).isEqualTo(RowState.ALERT);
        assertThat(s.state(T0.plusSeconds(301))).isEqualTo(RowState.DEAD);
    }

    @Test
    void slaveStatsHistoryKeepsTheLatestHundred() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        Slave stats = (Slave) Vectors.slaveSession(BUILDING_BAZ).get(2);
        assertThat(stats.message()).isEqualTo("STATS");
        for (int i = 0; i < 150; i++) {
            model.apply(stats, T0);
        }
        assertThat(model.slave(1).stats()).hasSize(100);
    }

    @Test
    void slaveHelloWithBadDataIsCountedAndIgnored() {
        assertThat(model.apply(new Slave(7, T0, "HELLO", List.of("too", "short")), T0)).isFalse();
        assertThat(model.rejected()).isEqualTo(1);
        assertThat(model.slave(7)).isNull();
    }

    @Test
    void slavesSortByAbiThenLabelOrByTheChosenKey() {
        model.apply(new Slave(1, T0, "HELLO", helloDataAbi("zed", "cp311")), T0);
        model.apply(new Slave(2, T0.plusSeconds(1), "HELLO", helloDataAbi("amy", "cp311")), T0);
        model.apply(new Slave(3, T0.plusSeconds(2), "HELLO", helloDataAbi("bob", "cp39")), T0);
        assertThat(model.slaves(SortOrder.ABI_LABEL, T0)).extracting(SlaveState::id).containsExactly(2L, 1L, 3L);
        assertThat(model.slaves(SortOrder.ID, T0)).extracting(SlaveState::id).containsExactly(1L, 2L, 3L);
        assertThat(model.slaves(SortOrder.LABEL, T0)).extracting(SlaveState::id).containsExactly(2L, 3L, 1L);
        assertThat(model.slaves(SortOrder.UP_TIME, T0)).extracting(SlaveState::id).containsExactly(1L, 2L, 3L);
    }

    private static List<Object> helloDataAbi(String label, String abi) {
        return List.of(Duration.ofHours(3), Duration.ofMinutes(5), "311", abi, "linux_armv7l", label,
                "Raspbian GNU/Linux", "11 (bullseye)", "unknown", "unknown");
    }

    @Test
    void masterIsOkayUntilSilentForThirtySeconds() {
        Instant now = Instant.parse("2024-05-17T12:35:00Z");
        model.apply(Vectors.monitorStats("monitor_stats.HELLO"), now);
        model.apply(Vectors.monitorStats("monitor_stats.STATS"), now);
        MasterState m = model.master();
        assertThat(m.label()).isEqualTo("piwheels-master");
        assertThat(m.state(now.plusSeconds(30))).isEqualTo(RowState.OKAY);
        assertThat(m.state(now.plusSeconds(31))).isEqualTo(RowState.ALERT);
    }

    @Test
    void masterAlertsWhenNothingWasBuiltLastHourBeyond023() {
        Instant now = Instant.parse("2024-05-17T12:35:00Z");
        model.apply(Vectors.monitorStats("monitor_stats.HELLO"), now);
        MasterStats s = ((Stats) Vectors.monitorStats("monitor_stats.STATS")).stats();
        MasterStats idle = new MasterStats(s.timestamp(), s.packagesBuilt(), Map.of("cp39", 0L, "cp311", 0L),
                s.buildsTime(), s.buildsSize(), s.buildsPending(), s.newLastHour(), s.filesCount(),
                s.downloadsLastHour(), s.downloadsLastMonth(), s.downloadsAll(), s.diskSize(), s.diskFree(),
                s.memSize(), s.memFree(), s.swapSize(), s.swapFree(), s.loadAverage(), s.cpuTemp());
        model.apply(new Stats(idle), now);
        assertThat(model.master().state(now)).isEqualTo(RowState.ALERT);
        assertThat(model.master().alerts(now)).containsExactly("no builds in the last hour");
    }

    @Test
    void masterAlertsNameEveryShortage() {
        Instant now = Instant.parse("2024-05-17T12:35:00Z");
        model.apply(Vectors.monitorStats("monitor_stats.HELLO"), now);
        MasterStats s = ((Stats) Vectors.monitorStats("monitor_stats.STATS")).stats();
        long gb = 1L << 30;
        MasterStats strained = new MasterStats(s.timestamp(), s.packagesBuilt(), s.buildsLastHour(),
                s.buildsTime(), s.buildsSize(), s.buildsPending(), s.newLastHour(), s.filesCount(),
                0, s.downloadsLastMonth(), s.downloadsAll(), 100 * gb, 9 * gb,
                10 * gb, gb - 1, 2 * gb, gb - 1, 4.5, 70.5);
        model.apply(new Stats(strained), now);
        assertThat(model.master().alerts(now.plusSeconds(45))).containsExactly("silent for 00:00:45",
                "no downloads in the last hour", "disk under 10% free", "memory under 10% free",
                "swap under 50% free", "load above 4.0", "temperature above 70°C");
        assertThat(model.master().alerts(now)).hasSize(6);
    }

    @Test
    void slaveAlertsSayHowLongItHasBeenSilent() {
        applyAll(Vectors.slaveSession(BUILDING_BAZ));
        SlaveState s = model.slave(1);
        assertThat(s.alerts(T0.plusSeconds(150))).isEmpty();
        assertThat(s.alerts(T0.plusSeconds(200))).containsExactly("silent for 00:03:20");
        long gb = 1L << 30;
        model.apply(new Slave(1, T0, "STATS", List.of(T0, 30 * gb, 2 * gb, 4 * gb, 2 * gb, 0L, 0L, 0.5, 80.0)), T0);
        assertThat(s.alerts(T0)).containsExactly("disk under 10% free", "temperature above 78°C");
        assertThat(s.state(T0)).isEqualTo(RowState.ALERT);
    }

    @Test
    void masterHelloStartsTheStatsHistoryAfresh() {
        Instant now = Instant.parse("2024-05-17T12:35:00Z");
        model.apply(Vectors.monitorStats("monitor_stats.STATS"), now);
        model.apply(Vectors.monitorStats("monitor_stats.HELLO"), now);
        assertThat(model.master().stats()).isEmpty();
        model.apply(Vectors.monitorStats("monitor_stats.STATS.initial"), now);
        assertThat(model.master().stats()).hasSize(1);
    }
}
