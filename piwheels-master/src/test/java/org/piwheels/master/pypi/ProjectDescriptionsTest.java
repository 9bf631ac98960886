package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectDescriptionsTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    /** A scripted JSON API: per name, a queue of answers (the last one repeats). */
    private static final class ScriptedSummaries implements ProjectSummarySource {
        final Map<String, Deque<Object>> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        void answer(String name, Object... script) {
            answers.put(name, new ArrayDeque<>(List.of(script)));
        }

        @Override
        public Optional<ProjectSummary> summaryOf(String name) throws PypiException {
            asked.add(name);
            Deque<Object> script = answers.get(name);
            Object next = script == null ? Optional.empty() : script.size() > 1 ? script.poll() : script.peek();
            if (next instanceof PypiException e) {
                throw e;
            }
            if (next instanceof ProjectSummary s) {
                return Optional.of(s);
            }
            return Optional.empty();
        }
    }

    @Test
    void cachesAnswersPerNameInAnLruOf100() {
        ScriptedSummaries json = new ScriptedSummaries();
        for (int i = 0; i <= 100; i++) {
            json.answer("p" + i, new ProjectSummary("d" + i, 10));
        }
        ProjectDescriptions descriptions = new ProjectDescriptions(json, ProjectDescriptions.DEFAULT_CACHE_SIZE);
        assertThat(descriptions.describe("p0", 5, NOW)).isEqualTo("d0");
        assertThat(descriptions.describe("p0", 5, NOW)).isEqualTo("d0");
        assertThat(json.asked).containsExactly("p0");
        for (int i = 1; i <= 100; i++) {
            descriptions.describe("p" + i, 5, NOW); // p0 falls out
        }
        descriptions.describe("p100", 5, NOW);
        descriptions.describe("p0", 5, NOW);
        assertThat(json.asked).hasSize(102).endsWith("p100", "p0");
    }

    @Test
    void aCachedAnswerOlderThanTheEventIsNotUsed() {
        ScriptedSummaries json = new ScriptedSummaries();
        json.answer("foo", new ProjectSummary("old", 10), new ProjectSummary("new", 20));
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        assertThat(descriptions.describe("foo", 10, NOW)).isEqualTo("old");
        assertThat(descriptions.describe("foo", 20, NOW)).isEqualTo("new");
        assertThat(json.asked).hasSize(2);
    }

    @Test
    void aStaleAnswerIsRetriedLaterUntilFresh() {
        ScriptedSummaries json = new ScriptedSummaries();
        json.answer("foo", new ProjectSummary("stale", 9), new ProjectSummary("stale", 9),
                new ProjectSummary("fresh", 12));
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        assertThat(descriptions.describe("foo", 10, NOW)).isNull();
        assertThat(descriptions.pendingRetries()).isEqualTo(1);
        assertThat(descriptions.retryDue(NOW.plusSeconds(29))).isEmpty();
        assertThat(json.asked).hasSize(1);
        assertThat(descriptions.retryDue(NOW.plusSeconds(30))).isEmpty(); // still stale
        assertThat(descriptions.retryDue(NOW.plusSeconds(60))).isEmpty(); // not due: 60 s back-off
        assertThat(descriptions.retryDue(NOW.plusSeconds(90))).containsExactly(Map.entry("foo", "fresh"));
        assertThat(descriptions.pendingRetries()).isZero();
        // and it is now cached
        assertThat(descriptions.describe("foo", 11, NOW)).isEqualTo("fresh");
        assertThat(json.asked).hasSize(3);
    }

    @Test
    void failuresAreNotCachedAndAreRetried() {
        ScriptedSummaries json = new ScriptedSummaries();
        json.answer("foo", PypiException.transientFailure("timeout", null), new ProjectSummary("d", 5));
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        assertThat(descriptions.describe("foo", 5, NOW)).isNull();
        assertThat(descriptions.retryDue(NOW.plus(DescriptionRetries.FIRST_DELAY))).containsEntry("foo", "d");
    }

    @Test
    void whileTheJsonApiIsInTroubleLookupsWaitInTheRetryQueue() {
        ScriptedSummaries json = new ScriptedSummaries();
        json.answer("a", PypiException.transientFailure("timeout", null), new ProjectSummary("da", 5));
        json.answer("b", new ProjectSummary("db", 5));
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        assertThat(descriptions.describe("a", 5, NOW)).isNull();
        assertThat(descriptions.describe("b", 5, NOW.plusSeconds(29))).isNull();
        assertThat(json.asked).containsExactly("a");
        assertThat(descriptions.describe("b", 5, NOW.plus(ProjectDescriptions.QUIET_AFTER_TROUBLE))).isEqualTo("db");
        assertThat(descriptions.retryDue(NOW.plus(Duration.ofMinutes(2)))).containsOnly(Map.entry("a", "da"));
        assertThat(descriptions.pendingRetries()).isZero();
    }

    @Test
    void aDeletedProjectIsNotRetriedAndRetriesGiveUpEventually() {
        ScriptedSummaries json = new ScriptedSummaries();
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        assertThat(descriptions.describe("gone", 5, NOW)).isNull();
        assertThat(descriptions.pendingRetries()).isZero();

        json.answer("flaky", PypiException.rejected("HTTP 418"));
        descriptions.describe("flaky", 5, NOW);
        Instant t = NOW;
        for (int i = 0; i < DescriptionRetries.MAX_ATTEMPTS + 2; i++) {
            t = t.plus(DescriptionRetries.MAX_DELAY);
            descriptions.retryDue(t);
        }
        assertThat(descriptions.pendingRetries()).isZero();
        assertThat(json.asked).hasSize(1 + 1 + DescriptionRetries.MAX_ATTEMPTS);
    }

    @Test
    void forgettingARemovedProjectDropsItsRetry() {
        ScriptedSummaries json = new ScriptedSummaries();
        json.answer("foo", new ProjectSummary("stale", 1));
        ProjectDescriptions descriptions = new ProjectDescriptions(json, 100);
        descriptions.describe("foo", 5, NOW);
        descriptions.forget("foo");
        assertThat(descriptions.retryDue(NOW.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(json.asked).hasSize(1);
    }
}
