package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pep440VersionTest {
    @Test
    void sortsNewestFirstWithPep440RulesAndLegacyVersionsLast() {
        List<String> expected = List.of("2!0.1", "1.10", "1.2.post1", "1.2", "1.2rc1", "1.2b2", "1.2b1", "1.2a1",
                "1.2.dev3", "1.1", "1.0+local.7", "1.0+local.abc", "1.0", "0.9", "not-a-version", "banana");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(42));
        shuffled.sort(Pep440Version.NEWEST_FIRST);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void equalVersionsWithDifferentSpellingsStayDistinctButOrderedStably() {
        List<String> v = new ArrayList<>(List.of("1.0", "1.0.0", "0.1a", "0.1a0"));
        v.sort(Pep440Version.NEWEST_FIRST);
        assertThat(v).containsExactly("1.0.0", "1.0", "0.1a0", "0.1a");
        assertThat(Pep440Version.sameVersion("1.0", "1.0.0")).isTrue();
        assertThat(Pep440Version.sameVersion("1.0-1", "1.0.post1")).isTrue();
        assertThat(Pep440Version.sameVersion("1.0", "1.0.1")).isFalse();
        assertThat(Pep440Version.sameVersion("banana", "banana")).isTrue();
    }

    @Test
    void preReleasesAreAlphaBetaCandidateAndDevReleases() {
        assertThat(List.of("1.0a1", "1.0b2", "1.0rc1", "1.0c1", "1.0.dev0", "1.0-preview3", "1.0.post1.dev2"))
                .allMatch(Pep440Version::isPrerelease);
        assertThat(List.of("1.0", "1.0.post1", "2!1.0", "1.0+abc", "legacy-thing"))
                .noneMatch(Pep440Version::isPrerelease);
    }
}
