package org.piwheels.master.pypi;

import org.piwheels.protocol.PackageNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmallRulesTest {

    @Test
    void summariesFollowThe200CharacterRule() {
        assertThat(ProjectSummary.normalize(null)).isEmpty();
        assertThat(ProjectSummary.normalize("short")).isEqualTo("short");
        String exactly200 = "x".repeat(200);
        assertThat(ProjectSummary.normalize(exactly200)).isEqualTo(exactly200);
        String cut = ProjectSummary.normalize("y".repeat(1000));
        assertThat(cut).hasSize(200).startsWith("y".repeat(199)).endsWith("\u2026");
    }

    @Test
    void summaryLengthCountsCodePointsAsPythonDoes() {
        String emoji = "\uD83D\uDE00".repeat(200); // 200 code points, 400 chars
        assertThat(ProjectSummary.normalize(emoji)).isEqualTo(emoji);
        String cut = ProjectSummary.normalize("\uD83D\uDE00".repeat(201));
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(200);
        assertThat(cut).endsWith("\uD83D\uDE00\u2026");
    }

    @Test
    void freshnessComparesTheLastSerialHeader() {
        assertThat(new ProjectSummary("d", 10).isFreshFor(10)).isTrue();
        assertThat(new ProjectSummary("d", 9).isFreshFor(10)).isFalse();
        assertThat(new ProjectSummary("d", ProjectSummary.UNKNOWN_SERIAL).isFreshFor(10)).isTrue();
    }

    @Test
    void namesAreCanonicalisedAsPep503Says() {
        assertThat(PackageNames.canonicalize("Foo")).isEqualTo("foo");
        assertThat(PackageNames.canonicalize("Foo__Bar.-baz")).isEqualTo("foo-bar-baz");
        assertThat(PackageNames.canonicalize("zope.interface")).isEqualTo("zope-interface");
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterBetweenHalfAndAll() {
        double[] random = {0.0};
        Backoff backoff = new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(100), () -> random[0]);
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));  // ceiling 20
        random[0] = 0.999999;
        assertThat(backoff.next()).isBetween(Duration.ofMillis(39_990), Duration.ofSeconds(40)); // ceiling 40
        random[0] = 0.5;
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(60)); // ceiling 80
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(75)); // ceiling capped at 100
        for (int i = 0; i < 40; i++) {
            assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(75));
        }
        assertThat(backoff.failures()).isEqualTo(44);
        backoff.reset();
        random[0] = 0.0;
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void backoffRejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
