package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    private static ChangelogRow row(long serial, long ts) {
        return new ChangelogRow("p" + serial, "1.0", ts, "add source file p.tar.gz", serial);
    }

    private static List<Long> serials(List<ChangelogRow> rows) {
        return rows.stream().map(ChangelogRow::serial).toList();
    }

    /** What PyPI answers to changelog_since_serial(since), capped. */
    private static List<ChangelogRow> page(List<ChangelogRow> log, long since, int cap) {
        return log.stream().filter(r -> r.serial() > since).limit(cap).toList();
    }

    @Test
    void preEpochRowsAreBufferedButNeverReleasedBeforeTheEpoch() {
        ReorderBuffer buffer = new ReorderBuffer(0);
        assertThat(buffer.nextRequestSerial()).isZero();
        List<ChangelogRow> rows = LongStream.rangeClosed(1, 1000).mapToObj(s -> row(s, s * 1000)).toList();
        assertThat(buffer.offer(rows)).isEmpty();
        assertThat(buffer.nextRequestSerial()).isEqualTo(1000);
        assertThat(buffer.buffered()).isEqualTo(1000);
    }

    @Test
    void startsAMarginBeforeTheSerialOrFromZeroBeforeTheEpoch() {
        assertThat(new ReorderBuffer(700_000).nextRequestSerial()).isEqualTo(698_000);
        assertThat(new ReorderBuffer(630_000).nextRequestSerial()).isEqualTo(628_000);
        assertThat(new ReorderBuffer(627_999).nextRequestSerial()).isZero();
        assertThat(new ReorderBuffer(1_500).nextRequestSerial()).isZero();
    }

    @Test
    void releasesOnlyOnceRowsAtLeast300SecondsNewerHaveArrived() {
        ReorderBuffer buffer = new ReorderBuffer(700_000);
        assertThat(buffer.offer(List.of(row(699_999, 990), row(700_000, 1000), row(700_001, 1100),
                row(700_002, 1200)))).isEmpty();
        assertThat(buffer.offer(List.of(row(700_003, 1300)))).isEmpty(); // 1000 >= 1300 - 300
        assertThat(serials(buffer.offer(List.of(row(700_004, 1301))))).containsExactly(700_000L);
        assertThat(buffer.serial()).isEqualTo(700_001);
        assertThat(buffer.pendingTimestamp()).isEqualTo(1100);
        assertThat(serials(buffer.offer(List.of(row(700_005, 1550))))).containsExactly(700_001L, 700_002L);
        assertThat(buffer.serial()).isEqualTo(700_003);
    }

    @Test
    void releasesInTimestampThenSerialOrder() {
        ReorderBuffer buffer = new ReorderBuffer(700_000);
        List<ChangelogRow> released = buffer.offer(List.of(row(700_000, 1000), row(700_001, 1050),
                row(700_002, 1020), row(700_003, 1020), row(700_004, 1400)));
        assertThat(serials(released)).containsExactly(700_000L, 700_002L, 700_003L, 700_001L);
        assertThat(buffer.serial()).isEqualTo(700_004);
    }

    @Test
    void ordersAcrossPages() {
        ReorderBuffer buffer = new ReorderBuffer(700_000);
        assertThat(buffer.offer(List.of(row(700_000, 1000), row(700_001, 1100)))).isEmpty();
        // a later page carries an event stamped between the two
        assertThat(buffer.offer(List.of(row(700_002, 1050)))).isEmpty();
        assertThat(serials(buffer.offer(List.of(row(700_003, 1500)))))
                .containsExactly(700_000L, 700_002L, 700_001L);
    }

    @Test
    void anEmptyAnswerChangesNothing() {
        ReorderBuffer buffer = new ReorderBuffer(700_000);
        assertThat(buffer.offer(List.of())).isEmpty();
        assertThat(buffer.nextRequestSerial()).isEqualTo(698_000);
        assertThat(buffer.serial()).isEqualTo(700_000);
    }

    @Test
    void rowsAtOrBeforeTheRequestedSerialAreIgnoredSoTheReadPositionNeverGoesBack() {
        ReorderBuffer buffer = new ReorderBuffer(700_000);
        buffer.offer(List.of(row(698_500, 900), row(700_000, 1000)));
        assertThat(buffer.nextRequestSerial()).isEqualTo(700_000);
        // a lagging replica answers with old serials only
        assertThat(buffer.offer(List.of(row(699_000, 950), row(698_600, 940)))).isEmpty();
        assertThat(buffer.nextRequestSerial()).isEqualTo(700_000);
        assertThat(buffer.buffered()).isEqualTo(2);
        // and an answer out of serial order is put in order
        buffer.offer(List.of(row(700_002, 1010), row(700_001, 1005)));
        assertThat(buffer.nextRequestSerial()).isEqualTo(700_002);
    }

    @Test
    void aRestartFromThePersistedSerialReleasesEveryRowExactlyOnce() {
        // 2 events a second, timestamps up to 2 minutes out of serial order
        Random random = new Random(42);
        List<ChangelogRow> log = new ArrayList<>();
        for (long s = 640_001; s <= 660_000; s++) {
            log.add(row(s, s / 2 - random.nextInt(120)));
        }
        // the starting point: rows sorting before (timestamp of 645000, 645000) count as already done
        ChangelogRow start = log.stream().filter(r -> r.serial() == 645_000).findFirst().orElseThrow();
        List<ChangelogRow> expected = log.stream()
                .filter(r -> ChangelogRow.BY_TIME_THEN_SERIAL.compare(r, start) >= 0).toList();

        List<ChangelogRow> released = new ArrayList<>();
        ReorderBuffer first = new ReorderBuffer(645_000);
        // read part of the log, 700 rows at a time
        for (int i = 0; i < 10; i++) {
            released.addAll(first.offer(page(log, first.nextRequestSerial(), 700)));
        }
        long persisted = first.serial();
        assertThat(released).isNotEmpty();

        ReorderBuffer second = new ReorderBuffer(persisted);
        List<ChangelogRow> answer;
        while (!(answer = page(log, second.nextRequestSerial(), 700)).isEmpty()) {
            released.addAll(second.offer(answer));
        }
        Set<Long> seen = new HashSet<>();
        List<ChangelogRow> twice = released.stream().filter(r -> !seen.add(r.serial())).toList();
        assertThat(twice).as("released twice").isEmpty();
        // everything older than the final settle window came out, in one global order per run
        long lastReleasable = log.get(log.size() - 1).timestamp() - ReorderBuffer.SETTLE_SECONDS;
        List<Long> shouldHave = expected.stream()
                .filter(r -> r.timestamp() < lastReleasable - 120)
                .map(ChangelogRow::serial).toList();
        assertThat(shouldHave.stream().filter(serial -> !seen.contains(serial)).toList()).as("never released")
                .isEmpty();
        assertThat(released).isSortedAccordingTo(ChangelogRow.BY_TIME_THEN_SERIAL);
        assertThat(released).allMatch(r -> ChangelogRow.BY_TIME_THEN_SERIAL.compare(r, start) >= 0);
    }
}
