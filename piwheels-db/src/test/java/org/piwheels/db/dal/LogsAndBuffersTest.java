package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.records.RewritePending;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §51-§53: access logging, the PyPI serial, the rewrite buffer. */
class LogsAndBuffersTest extends FixtureTest {

    private static final Instant WHEN = Instant.parse("2020-05-06T07:08:09Z");

    @Test
    void downloadsAndSearches() throws Exception {
        dal.logDownload(new PipRequest("foo-0.1-py3-none-any.whl", "192.168.0.1", WHEN, "armv7l", "Raspbian",
                "10", "Linux", "5.4", "CPython", "3.7.3", "pip", "20.0", "44.0"));
        dal.logSearch(new PipRequest("foo", "2001:db8::1", WHEN, null, null, null, null, null, null, null,
                null, null, null));
        assertThat(rows("SELECT * FROM downloads")).containsExactly(
                "foo-0.1-py3-none-any.whl|192.168.0.1|2020-05-06 07:08:09|armv7l|Raspbian|10|Linux|5.4|CPython|3.7.3|pip|20.0|44.0");
        assertThat(rows("SELECT * FROM searches")).containsExactly(
                "foo|2001:db8::1|2020-05-06 07:08:09|null|null|null|null|null|null|null|null|null|null");
    }

    @Test
    void pageHits() throws Exception {
        dal.logProject(new PageHit("foo", "10.0.0.1", WHEN, "mozilla"));
        dal.logJson(new PageHit("foo", "10.0.0.2", WHEN, "curl"));
        dal.logPage(new PageHit("home", "::1", WHEN, null));
        assertThat(rows("SELECT * FROM project_page_hits")).containsExactly("foo|10.0.0.1|2020-05-06 07:08:09|mozilla|f");
        assertThat(rows("SELECT * FROM project_json_downloads")).containsExactly("foo|10.0.0.2|2020-05-06 07:08:09|curl");
        assertThat(rows("SELECT * FROM web_page_hits")).containsExactly("home|::1|2020-05-06 07:08:09|null|f");
    }

    @Test
    void controlCharactersAreReplaced() throws Exception {
        dal.logPage(new PageHit("ho\u0000me", "::1", WHEN, "a\tb\nc\u001bd\u007f"));
        dal.logDownload(new PipRequest("x\u0001.whl", "10.0.0.1", WHEN, "arm\u000b", null, null, null, null,
                null, null, null, null, null));
        assertThat(rows("SELECT page, user_agent FROM web_page_hits"))
                .containsExactly("ho\uFFFDme|a\tb\nc\uFFFDd\uFFFD");
        assertThat(rows("SELECT filename, arch FROM downloads")).containsExactly("x\uFFFD.whl|arm\uFFFD");
    }

    @Test
    void pypiSerialNeverGoesBackwards() throws Exception {
        assertThat(dal.getPypiSerial()).isZero();
        dal.setPypiSerial(50000);
        assertThat(dal.getPypiSerial()).isEqualTo(50000);
        dal.setPypiSerial(50000);
        assertSqlState(() -> dal.setPypiSerial(49999), "23000");
        assertThat(dal.getPypiSerial()).isEqualTo(50000);
    }

    @Test
    void rewriteBuffer() throws Exception {
        RewritePending foo = new RewritePending("foo", Instant.parse("2001-01-01T12:34:56Z"), "PROJECT");
        RewritePending ghost = new RewritePending("ghost", Instant.parse("2000-01-01T00:00:00Z"), "BOTH");
        dal.saveRewritesPending(List.of(foo));
        assertThat(dal.loadRewritesPending()).containsExactly(foo);
        dal.saveRewritesPending(List.of(foo, ghost));
        assertThat(dal.loadRewritesPending()).containsExactly(ghost, foo);
        assertThat(dal.loadRewritesPending()).containsExactly(ghost, foo);
        assertSqlState(() -> dal.saveRewritesPending(
                List.of(new RewritePending("bar", Instant.EPOCH, "OTHER"))), "23514");
        assertThat(dal.loadRewritesPending()).containsExactly(ghost, foo);
        dal.saveRewritesPending(List.of());
        assertThat(dal.loadRewritesPending()).isEmpty();
    }
}
