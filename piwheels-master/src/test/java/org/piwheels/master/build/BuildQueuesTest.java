package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.BuildRequest;

class BuildQueuesTest {
    private static final Instant NOW = Instant.parse("2024-05-17T12:00:00Z");
    private static final Set<String> ABIS = Set.of("cp34m", "cp35m");

    private static BuildRequest b(String p, String v) {
        return new BuildRequest(p, v);
    }

    @Test
    void aRefreshGivesEveryBuildAbiAQueueAndIgnoresOtherAbis() {
        BuildQueues q = new BuildQueues();
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1")), "cp99x", List.of(b("bar", "1"))), ABIS, NOW);
        assertThat(q.lengths()).containsExactly(Map.entry("cp34m", 1L), Map.entry("cp35m", 0L));
        assertThat(q.next("cp34m", NOW)).isEqualTo(b("foo", "0.1"));
        assertThat(q.lengths()).containsEntry("cp34m", 0L);
        assertThat(q.next("cp34m", NOW)).isNull();
        assertThat(q.next("cp99x", NOW)).isNull();
    }

    @Test
    void aDispatchedBuildStaysOutOfLaterRefreshesUntilItsReservationEnds() {
        BuildQueues q = new BuildQueues();
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"))), ABIS, NOW);
        BuildRequest first = q.next("cp34m", NOW);
        q.exclude("cp34m", first.packageName(), first.version(), NOW.plus(Duration.ofHours(3)));
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"))), ABIS, NOW.plusSeconds(60));
        assertThat(q.next("cp34m", NOW.plusSeconds(60))).isNull();
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"))), ABIS, NOW.plus(Duration.ofHours(3)));
        assertThat(q.next("cp34m", NOW.plus(Duration.ofHours(3)))).isEqualTo(first);
    }

    @Test
    void excludedEntriesArePoppedAndDiscardedOnTheWay() {
        BuildQueues q = new BuildQueues();
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"), b("bar", "1.0"))), ABIS, NOW);
        q.exclude("cp34m", "foo", "0.1", NOW.plusSeconds(10));
        assertThat(q.next("cp34m", NOW)).isEqualTo(b("bar", "1.0"));
        assertThat(q.queue("cp34m")).isEmpty();
    }

    @Test
    void aDeletedPackageIsDroppedAndExcludedForEveryVersionUntilTheHourEnds() {
        BuildQueues q = new BuildQueues();
        q.delete("bar", null, Set.of("cp34m"), NOW.plus(Duration.ofHours(1)));
        assertThat(q.lengths()).containsExactly(Map.entry("cp34m", 0L));
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"), b("bar", "0.1"), b("baz", "2"))), Set.of("cp34m"),
                NOW.plusSeconds(1));
        assertThat(q.lengths()).containsEntry("cp34m", 2L);
        assertThat(q.queue("cp34m")).containsExactly(b("foo", "0.1"), b("baz", "2"));
        q.refresh(Map.of("cp34m", List.of(b("bar", "0.1"))), Set.of("cp34m"), NOW.plus(Duration.ofHours(1)));
        assertThat(q.queue("cp34m")).containsExactly(b("bar", "0.1"));
    }

    @Test
    void aDeletedVersionLeavesTheOtherVersions() {
        BuildQueues q = new BuildQueues();
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"), b("foo", "0.2"))), ABIS, NOW);
        q.delete("foo", "0.1", ABIS, NOW.plus(Duration.ofHours(1)));
        assertThat(q.queue("cp34m")).containsExactly(b("foo", "0.2"));
        q.refresh(Map.of("cp34m", List.of(b("foo", "0.1"), b("foo", "0.2"))), ABIS, NOW.plusSeconds(5));
        assertThat(q.queue("cp34m")).containsExactly(b("foo", "0.2"));
    }
}
