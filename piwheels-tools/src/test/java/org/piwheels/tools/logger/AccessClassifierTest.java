package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.protocol.messages.AccessLogProtocol.LogDownload;
import org.piwheels.protocol.messages.AccessLogProtocol.LogJson;
import org.piwheels.protocol.messages.AccessLogProtocol.LogPage;
import org.piwheels.protocol.messages.AccessLogProtocol.LogProject;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.messages.AccessLogProtocol.LogSearch;

/** The classification table of components spec §15.3, rule by rule, with the consequences it lists, and §15.4's names. */
class AccessClassifierTest {
    private static final Instant T = Instant.parse("2019-03-18T14:24:56Z");
    private static final String PIP = "pip/23.0 {\"cpu\":\"armv7l\"}";
    private static final String UV = "uv/0.4.0 {\"cpu\":\"aarch64\"}";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64)";

    private static String describe(LogRecord r) {
        if (r == null) {
            return "none";
        } else if (r instanceof LogDownload) {
            return "LOGDOWNLOAD " + ((LogDownload) r).request().name();
        } else if (r instanceof LogSearch) {
            return "LOGSEARCH " + ((LogSearch) r).request().name();
        } else if (r instanceof LogProject) {
            return "LOGPROJECT " + ((LogProject) r).hit().name();
        } else if (r instanceof LogJson) {
            return "LOGJSON " + ((LogJson) r).hit().name();
        }
        return "LOGPAGE " + ((LogPage) r).hit().name();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // only 200 GETs with a user agent count
        "GET|404|pip|/simple/foo/foo-0.1-py3-none-any.whl|none",
        "HEAD|200|pip|/simple/foo/foo-0.1-py3-none-any.whl|none",
        "POST|200|browser|/|none",
        "GET|200|none|/simple/foo/foo-0.1-py3-none-any.whl|none",
        // rule 1: pip fetching the simple index itself
        "GET|200|pip|/simple/|none",
        // rule 2: the bare project directory
        "GET|200|browser|/project/|none",
        // rule 3: any wheel download, whoever asks
        "GET|200|pip|/simple/foo/foo-0.1-py3-none-any.whl|LOGDOWNLOAD foo-0.1-py3-none-any.whl",
        "GET|200|uv|/simple/foo/Foo_Bar-0.1-py3-none-any.whl|LOGDOWNLOAD Foo_Bar-0.1-py3-none-any.whl",
        "GET|200|browser|/simple/foo/foo-0.1-py3-none-any.whl|LOGDOWNLOAD foo-0.1-py3-none-any.whl",
        // rule 4: pip looking a package up; the 0.23 quirk of /simple/index.html
        "GET|200|pip|/simple/MarkupSafe/|LOGSEARCH markupsafe",
        "GET|200|pip|/simple/index.html|LOGSEARCH index-html",
        // rule 5: other clients' simple pages (uv is not counted as a search)
        "GET|200|uv|/simple/foo/|none",
        "GET|200|browser|/simple/index.html|none",
        "GET|200|uv|/simple/|none",
        // rule 6: project JSON
        "GET|200|wget|/project/gpiozero/json/|LOGJSON gpiozero",
        "GET|200|browser|/project/Foo.Bar/json/index.json|LOGJSON foo-bar",
        // rule 7: project pages, with or without the slash
        "GET|200|browser|/project/Flask/|LOGPROJECT flask",
        "GET|200|browser|/project/foo|LOGPROJECT foo",
        "GET|200|browser|/project/json/|LOGPROJECT json",
        // rules 8 and 9: pages
        "GET|200|browser|/|LOGPAGE home",
        "GET|200|browser|/index.html|LOGPAGE home",
        "GET|200|browser|/faq.html|LOGPAGE faq",
        "GET|200|browser|/a/b.html|LOGPAGE ab",
        // nothing else
        "GET|200|browser|/packages.json|none",
        "GET|200|browser|/logs/00/00/01.txt.gz|none",
        "GET|200|pip|/robots.txt|none",
    })
    void classifies(String method, int status, String agent, String path, String expected) {
        String ua = switch (agent) {
            case "pip" -> PIP;
            case "uv" -> UV;
            case "wget" -> "Wget/1.20.3 (linux-gnu)";
            case "none" -> null;
            default -> FIREFOX;
        };
        assertThat(describe(AccessClassifier.classify(new AccessLine("192.0.2.1", T, method, path, status, ua))))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mozilla/5.0 (X11...)|mozilla",
        "Wget/1.20.3 (linux-gnu)|wget",
        "Mythic HTTP monitor check|mythic http monitor check",
        "Null\u0000Agent/1|nullagent",
    })
    void pageHitsCarryTheShortUserAgent(String ua, String expected) {
        LogPage page = (LogPage) AccessClassifier.classify(new AccessLine("2001:db8::1", T, "GET", "/", 200, ua));
        assertThat(page.hit().userAgent()).isEqualTo(expected);
        assertThat(page.hit().host()).isEqualTo("2001:db8::1");
        assertThat(page.hit().timestamp()).isEqualTo(T);
    }

    @ParameterizedTest
    @CsvSource({"201", "300"})
    void theShortUserAgentIsCutTo200Characters(int length) {
        LogPage page = (LogPage) AccessClassifier.classify(
                new AccessLine("h", T, "GET", "/", 200, "A".repeat(length) + "/1"));
        assertThat(page.hit().userAgent()).isEqualTo("a".repeat(200));
    }
}
