package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PypiEventFeedTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final long RECENT = NOW.getEpochSecond() - 60;
    private static final long OLD = NOW.getEpochSecond() - 86_400;

    /** A changelog that answers from a script and records what it was asked. */
    private static final class ScriptedChangelog implements ChangelogSource {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<Long> asked = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public List<ChangelogRow> changelogSince(long serial) throws PypiException {
            asked.add(serial);
            Object next = answers.isEmpty() ? List.of() : answers.poll();
            if (next instanceof PypiException e) {
                throw e;
            }
            return (List<ChangelogRow>) next;
        }
    }

    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedChangelog changelog = new ScriptedChangelog();
    private final List<String> describedNames = new ArrayList<>();
    private final ProjectDescriptions descriptions = new ProjectDescriptions(name -> {
        describedNames.add(name);
        return java.util.Optional.of(new ProjectSummary("about " + name, ProjectSummary.UNKNOWN_SERIAL));
    }, 100);

    private PypiEventFeed feed(long serial, double jitter) {
        Backoff backoff = new Backoff(PypiEventFeed.BACKOFF_BASE, PypiEventFeed.BACKOFF_CAP, () -> jitter);
        return new PypiEventFeed(changelog, descriptions, backoff, clock, 1000, serial);
    }

    private static ChangelogRow row(String name, String version, long ts, String action, long serial) {
        return new ChangelogRow(name, version, ts, action, serial);
    }

    @Test
    void afterAnEmptyAnswerNoRequestIsMadeFor10Seconds() {
        PypiEventFeed feed = feed(700_000, 0);
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.EMPTY);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.WAITING);
        assertThat(changelog.asked).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.EMPTY);
        assertThat(changelog.asked).containsExactly(698_000L, 698_000L);
    }

    @Test
    void catchesUpAtOneRequestASecondAndSlowsDownOnceCurrent() {
        PypiEventFeed feed = feed(700_000, 0);
        changelog.answers.add(List.of(row("a", "1", OLD, "add source file a-1.tar.gz", 699_000)));
        changelog.answers.add(List.of(row("b", "1", RECENT, "add source file b-1.tar.gz", 699_001)));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.ROWS);
        assertThat(feed.nextRequest()).isEqualTo(NOW.plus(PypiEventFeed.CATCH_UP_INTERVAL));
        clock.advance(Duration.ofSeconds(1));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.ROWS);
        assertThat(feed.nextRequest()).isEqualTo(clock.instant().plus(PypiEventFeed.IDLE_INTERVAL));
        assertThat(changelog.asked).containsExactly(698_000L, 699_000L);
    }

    @Test
    void failuresBackOffWithJitterAndResumeAtTheSameSerial() {
        PypiEventFeed feed = feed(700_000, 0.5);
        changelog.answers.add(PypiException.transientFailure("HTTP 503", null));
        changelog.answers.add(PypiException.rejected("fault -1000"));
        changelog.answers.add(new PypiException("429", true, Duration.ofMinutes(5), null));
        changelog.answers.add(List.of(row("a", "1", OLD, "add source file a-1.tar.gz", 698_001)));
        changelog.answers.add(PypiException.transientFailure("timeout", null));

        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.FAILED);
        assertThat(feed.nextRequest()).isEqualTo(NOW.plusSeconds(15)); // ceiling 20 s, jitter 0.5
        clock.advance(Duration.ofSeconds(15));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.FAILED);
        assertThat(feed.nextRequest()).isEqualTo(clock.instant().plusSeconds(30)); // ceiling 40 s
        clock.advance(Duration.ofSeconds(30));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.FAILED);
        assertThat(feed.nextRequest()).isEqualTo(clock.instant().plusSeconds(300)); // Retry-After beats 60 s
        clock.advance(Duration.ofSeconds(300));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.ROWS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(feed.poll().outcome()).isEqualTo(FeedBatch.Outcome.FAILED);
        assertThat(feed.nextRequest()).isEqualTo(clock.instant().plusSeconds(15)); // reset by the success
        assertThat(changelog.asked).containsExactly(698_000L, 698_000L, 698_000L, 698_000L, 698_001L);
    }

    @Test
    void translatesReleasedRowsDroppingRepeatsAndDescribingCreatesAndFiles() {
        PypiEventFeed feed = feed(700_000, 0);
        long t = OLD;
        changelog.answers.add(List.of(
                row("Foo", "9.9", t, "create", 700_000),
                row("Foo", "1.0", t + 1, "add cp39 file Foo-1.0-cp39-cp39-linux_armv7l.whl", 700_001),
                row("Foo", "1.0", t + 2, "add py3 file Foo-1.0-py3-none-any.whl", 700_002),
                row("Foo", "1.0", t + 3, "add source file Foo-1.0.tar.gz", 700_003),
                row("Foo", "1.0", t + 4, "add source file Foo-1.0.zip", 700_004),
                row("Foo", "1.0", t + 5, "new release", 700_005),
                row("Foo", "1.0", t + 6, "yank release", 700_006),
                row("Foo", "1.0", t + 7, "unyank release", 700_007),
                row("Foo", "1.0", t + 8, "remove release", 700_008),
                row("Foo", "1.0", t + 9, "add source file Foo-1.0.tar.gz", 700_009),
                row("Foo", null, t + 10, "remove project", 700_010),
                row("Foo", null, t + 400, "create", 700_011)));
        FeedBatch batch = feed.poll();
        assertThat(batch.events()).extracting(PypiEvent::version, PypiEvent::action, PypiEvent::timestamp,
                PypiEvent::description).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, PypiAction.CREATE, Instant.ofEpochSecond(t), "about Foo"),
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.CREATE, Instant.ofEpochSecond(t + 1),
                        "about Foo"),
                // the source file arrives: reported again with the first file's timestamp
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.SOURCE, Instant.ofEpochSecond(t + 1),
                        "about Foo"),
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.YANK, Instant.ofEpochSecond(t + 6), null),
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.UNYANK, Instant.ofEpochSecond(t + 7), null),
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.REMOVE, Instant.ofEpochSecond(t + 8), null),
                // removed, so a new file is news again
                org.assertj.core.groups.Tuple.tuple("1.0", PypiAction.SOURCE, Instant.ofEpochSecond(t + 9),
                        "about Foo"),
                org.assertj.core.groups.Tuple.tuple(null, PypiAction.REMOVE, Instant.ofEpochSecond(t + 10), null));
        assertThat(batch.serial()).isEqualTo(700_011);
        assertThat(batch.events()).extracting(PypiEvent::serial).containsExactly(
                700_000L, 700_001L, 700_003L, 700_006L, 700_007L, 700_008L, 700_009L, 700_010L);
        // the description cache answered all but the first lookup
        assertThat(describedNames).containsExactly("Foo");
    }

    @Test
    void restartingForgetsBufferAndVersionCacheSoAReplayLosesNothing() {
        PypiEventFeed feed = feed(700_000, 0);
        List<ChangelogRow> rows = List.of(
                row("foo", "1.0", OLD, "add source file foo-1.0.tar.gz", 700_000),
                row("foo", "1.1", OLD + 400, "add source file foo-1.1.tar.gz", 700_001));
        changelog.answers.add(rows);
        assertThat(feed.poll().events()).extracting(PypiEvent::version).containsExactly("1.0");
        feed.restartFrom(700_000);
        changelog.answers.add(rows);
        assertThat(feed.poll().events()).extracting(PypiEvent::version).containsExactly("1.0");
        assertThat(changelog.asked).containsExactly(698_000L, 698_000L);
    }
}
