package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.RewritePending;

class PageRequestBufferTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    final PageRequestBuffer buffer = new PageRequestBuffer(clock, PageRequestBuffer.WINDOW);

    private void tick(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    @Test
    void theFirstRequestIsReleasedAtOnce() {
        assertThat(buffer.offer("foo", PageCommand.PROJECT)).contains(new Rewrite("foo", PageCommand.PROJECT));
        assertThat(buffer.offer("bar", PageCommand.BOTH)).contains(new Rewrite("bar", PageCommand.BOTH));
        assertThat(buffer.pendingCount()).isZero();
        tick(61);
        assertThat(buffer.releaseDue()).isEmpty();
    }

    @Test
    void requestsInsideTheWindowAreMergedIntoOneReleaseAtTheWindowsEnd() {
        buffer.offer("foo", PageCommand.PROJECT);
        tick(10);
        assertThat(buffer.offer("foo", PageCommand.PROJECT)).isEmpty();
        tick(10);
        assertThat(buffer.offer("foo", PageCommand.PROJECT)).isEmpty();
        assertThat(buffer.pendingCount()).isEqualTo(1);
        tick(39);
        assertThat(buffer.releaseDue()).isEmpty();
        tick(1);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("foo", PageCommand.PROJECT));
        assertThat(buffer.releaseDue()).isEmpty();
    }

    @Test
    void bothWinsOverProjectWhicheverComesFirst() {
        buffer.offer("a", PageCommand.PROJECT);
        buffer.offer("b", PageCommand.PROJECT);
        buffer.offer("a", PageCommand.BOTH);
        buffer.offer("a", PageCommand.PROJECT);
        buffer.offer("b", PageCommand.PROJECT);
        tick(60);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("a", PageCommand.BOTH),
                new Rewrite("b", PageCommand.PROJECT));
    }

    @Test
    void aReleaseOpensTheNextWindowSoABurstCostsOneWritePerWindow() {
        assertThat(buffer.offer("foo", PageCommand.BOTH)).isPresent();
        tick(30);
        buffer.offer("foo", PageCommand.PROJECT);
        tick(30);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("foo", PageCommand.PROJECT));
        tick(5);
        assertThat(buffer.offer("foo", PageCommand.PROJECT)).isEmpty();
        tick(54);
        assertThat(buffer.releaseDue()).isEmpty();
        tick(1);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("foo", PageCommand.PROJECT));
        // A quiet window closes; the next request is immediate again.
        tick(60);
        assertThat(buffer.releaseDue()).isEmpty();
        assertThat(buffer.nextDeadline()).isEmpty();
        assertThat(buffer.offer("foo", PageCommand.PROJECT)).isPresent();
    }

    @Test
    void releasesComeOutOldestWindowFirst() {
        buffer.offer("early", PageCommand.PROJECT);
        tick(5);
        buffer.offer("late", PageCommand.PROJECT);
        buffer.offer("late", PageCommand.BOTH);
        buffer.offer("early", PageCommand.PROJECT);
        assertThat(buffer.nextDeadline()).contains(Instant.parse("2024-01-01T00:01:00Z"));
        tick(55);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("early", PageCommand.PROJECT));
        tick(5);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("late", PageCommand.BOTH));
    }

    @Test
    void aDeletionDropsTheBufferedRequest() {
        buffer.offer("gone", PageCommand.PROJECT);
        buffer.offer("gone", PageCommand.BOTH);
        buffer.offer("kept", PageCommand.PROJECT);
        buffer.offer("kept", PageCommand.PROJECT);
        assertThat(buffer.drop("gone")).isTrue();
        assertThat(buffer.drop("never-seen")).isFalse();
        tick(60);
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("kept", PageCommand.PROJECT));
        // After a deletion the next request is released at once.
        assertThat(buffer.offer("gone", PageCommand.BOTH)).isPresent();
    }

    @Test
    void exportAndRestoreKeepCommandsAndWindowStartsAcrossARestart() {
        buffer.offer("a", PageCommand.PROJECT);
        buffer.offer("quiet", PageCommand.BOTH);
        tick(20);
        buffer.offer("b", PageCommand.BOTH);
        buffer.offer("b", PageCommand.PROJECT);
        buffer.offer("a", PageCommand.BOTH);
        List<RewritePending> rows = buffer.export();
        assertThat(rows).containsExactly(
                new RewritePending("a", Instant.parse("2024-01-01T00:00:00Z"), "BOTH"),
                new RewritePending("b", Instant.parse("2024-01-01T00:00:20Z"), "PROJECT"));

        PageRequestBuffer restarted = new PageRequestBuffer(clock, PageRequestBuffer.WINDOW);
        restarted.restore(List.of(rows.get(1), rows.get(0)));
        assertThat(restarted.pendingCount()).isEqualTo(2);
        assertThat(restarted.export()).containsExactlyElementsOf(rows);
        // A request for a restored package merges; it does not bypass the window.
        assertThat(restarted.offer("b", PageCommand.BOTH)).isEmpty();
        tick(40);
        assertThat(restarted.releaseDue()).containsExactly(new Rewrite("a", PageCommand.BOTH));
        tick(20);
        assertThat(restarted.releaseDue()).containsExactly(new Rewrite("b", PageCommand.BOTH));
    }

    @Test
    void overdueRowsAreReleasedByTheFirstDrainAndRestoreMergesWithOpenWindows() {
        buffer.offer("open", PageCommand.PROJECT);
        tick(1);
        buffer.restore(List.of(new RewritePending("old", Instant.parse("2023-12-31T00:00:00Z"), "PROJECT"),
                new RewritePending("open", Instant.parse("2023-12-31T12:00:00Z"), "BOTH")));
        assertThat(buffer.releaseDue()).containsExactly(new Rewrite("old", PageCommand.PROJECT),
                new Rewrite("open", PageCommand.BOTH));
    }

    @Test
    void devModeUsesAThreeSecondWindow() {
        PageRequestBuffer dev = new PageRequestBuffer(clock, PageRequestBuffer.DEV_WINDOW);
        dev.offer("x", PageCommand.PROJECT);
        assertThat(dev.offer("x", PageCommand.BOTH)).isEqualTo(Optional.empty());
        tick(2);
        assertThat(dev.releaseDue()).isEmpty();
        tick(1);
        assertThat(dev.releaseDue()).containsExactly(new Rewrite("x", PageCommand.BOTH));
        assertThat(PageRequestBuffer.forMode(true).window()).isEqualTo(Duration.ofSeconds(3));
        assertThat(PageRequestBuffer.forMode(false).window()).isEqualTo(Duration.ofSeconds(60));
    }
}
