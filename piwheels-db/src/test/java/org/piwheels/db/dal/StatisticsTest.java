package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.SearchEntry;
import org.piwheels.db.Statistics;
import org.piwheels.db.testing.Fixtures;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §46-§50: statistics and the search index. */
class StatisticsTest extends FixtureTest {

    private static final String NOW = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";

    private void download(String filename, String ago) throws Exception {
        exec("INSERT INTO downloads (filename, accessed_by, accessed_at) VALUES ('" + filename
                + "', '10.0.0.1', " + NOW + " - INTERVAL '" + ago + "')");
    }

    @Test
    void fixtureStatistics() {
        assertThat(dal.getStatistics()).isEqualTo(new Statistics(Duration.ofMinutes(5), 123456, 1, 2, 0, 0, 0,
                Map.of("cp34m", 0, "cp35m", 0)));
    }

    @Test
    void buildsOfAWeekOrMoreCountNothing() throws Exception {
        dal.logBuild(new org.piwheels.protocol.records.BuildState(2, "foo", "0.1", "cp35m", false,
                Duration.ofDays(7), "", java.util.List.of()));
        dal.logBuild(new org.piwheels.protocol.records.BuildState(3, "foo", "0.1", "cp35m", false,
                Duration.ofDays(2), "", java.util.List.of()));
        assertThat(dal.getStatistics().buildsTime()).isEqualTo(Duration.ofMinutes(5).plusDays(2));
    }

    @Test
    void timeWindows() throws Exception {
        download(Fixtures.WHEEL_V7, "59 minutes");
        download(Fixtures.WHEEL_V7, "29 days");
        download(Fixtures.WHEEL_V7, "31 days");
        exec("UPDATE versions SET released = " + NOW + " - INTERVAL '30 minutes'");
        exec("INSERT INTO build_abis VALUES ('cp37m', 'retired')");
        dal.logBuild(Builds.failure("foo", "0.1", "cp35m", 2));
        dal.logBuild(Builds.failure("foo", "0.1", "cp37m", 3));
        Statistics stats = dal.getStatistics();
        assertThat(stats.downloadsLastHour()).isEqualTo(1);
        assertThat(stats.downloadsLastMonth()).isEqualTo(2);
        assertThat(stats.newLastHour()).isEqualTo(1);
        assertThat(stats.buildsLastHour()).isEqualTo(Map.of("cp34m", 0, "cp35m", 1));
    }

    @Test
    void initialStatisticsCountAllDownloads() throws Exception {
        assertThat(dal.getInitialStatistics()).isZero();
        download(Fixtures.WHEEL_V7, "1 minute");
        download("unknown.whl", "400 days");
        assertThat(dal.getInitialStatistics()).isEqualTo(2);
    }

    @Test
    void searchIndex() throws Exception {
        dal.addNewPackage("quiet");
        download(Fixtures.WHEEL_V7, "1 day");
        download(Fixtures.WHEEL_V6, "40 days");
        download("unknown-1.0-py3-none-any.whl", "1 day");
        assertThat(dal.getSearchIndex()).isEqualTo(Map.of(
                "foo", new SearchEntry(1, 2),
                "quiet", new SearchEntry(0, 0)));
    }
}
