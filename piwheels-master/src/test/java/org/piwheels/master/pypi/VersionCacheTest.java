package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionCacheTest {

    private static final Instant T1 = Instant.ofEpochSecond(1_000);
    private static final Instant T2 = Instant.ofEpochSecond(2_000);
    private static final Instant T3 = Instant.ofEpochSecond(3_000);

    @Test
    void reportsAVersionOnceWhateverFilesFollow() {
        VersionCache cache = new VersionCache(10);
        assertThat(cache.admit("foo", "1.0", T1, PypiAction.SOURCE)).contains(T1);
        assertThat(cache.admit("foo", "1.0", T2, PypiAction.SOURCE)).isEmpty();
        assertThat(cache.admit("foo", "1.0", T3, PypiAction.CREATE)).isEmpty();
    }

    @Test
    void aBinaryOnlyVersionGainingASourceFileIsReportedOnceMoreWithTheFirstTimestamp() {
        VersionCache cache = new VersionCache(10);
        assertThat(cache.admit("foo", "1.0", T1, PypiAction.CREATE)).contains(T1);
        assertThat(cache.admit("foo", "1.0", T2, PypiAction.CREATE)).isEmpty();
        assertThat(cache.admit("foo", "1.0", T2, PypiAction.SOURCE)).contains(T1);
        assertThat(cache.admit("foo", "1.0", T3, PypiAction.SOURCE)).isEmpty();
    }

    @Test
    void evictsTheLeastRecentlySeen() {
        VersionCache one = new VersionCache(1);
        one.admit("foo", "0.1", T1, PypiAction.SOURCE);
        one.admit("bar", "1.0", T2, PypiAction.SOURCE);
        assertThat(one.contains("bar", "1.0")).isTrue();
        assertThat(one.contains("foo", "0.1")).isFalse();

        VersionCache two = new VersionCache(2);
        two.admit("a", "1", T1, PypiAction.SOURCE);
        two.admit("b", "1", T1, PypiAction.SOURCE);
        two.admit("a", "1", T2, PypiAction.SOURCE); // refreshes a
        two.admit("c", "1", T3, PypiAction.SOURCE);
        assertThat(two.contains("a", "1")).isTrue();
        assertThat(two.contains("b", "1")).isFalse();
        assertThat(two.size()).isEqualTo(2);
    }

    @Test
    void aForgottenVersionIsReportedAgain() {
        VersionCache cache = new VersionCache(10);
        cache.admit("foo", "1.0", T1, PypiAction.SOURCE);
        cache.forget("foo", "1.0");
        assertThat(cache.admit("foo", "1.0", T2, PypiAction.SOURCE)).contains(T2);
    }
}
