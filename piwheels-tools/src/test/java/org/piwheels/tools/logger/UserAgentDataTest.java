package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.piwheels.protocol.records.PipRequest;

/** The user-data fields of download and search records (components spec §15.4, §19.10 items 107, 109). */
class UserAgentDataTest {
    private static final Instant T = Instant.parse("2019-03-18T14:24:56Z");

    private static List<String> fields(String ua) {
        PipRequest r = UserAgentData.pipRequest("x", "h", T, ua);
        return Arrays.asList(r.arch(), r.distroName(), r.distroVersion(), r.osName(), r.osVersion(), r.pyName(),
                r.pyVersion(), r.installerName(), r.installerVersion(), r.setuptoolsVersion());
    }

    @Test
    void pipsJsonFillsEveryField() {
        String ua = "pip/19.0.3 {\"cpu\":\"armv7l\",\"distro\":{\"id\":\"stretch\",\"libc\":{\"lib\":\"glibc\","
                + "\"version\":\"2.24\"},\"name\":\"Raspbian GNU/Linux\",\"version\":\"9\"},\"implementation\":"
                + "{\"name\":\"CPython\",\"version\":\"2.7.13\"},\"installer\":{\"name\":\"pip\",\"version\":\"19.0.3\"},"
                + "\"openssl_version\":\"OpenSSL 1.1.0j  20 Nov 2018\",\"python\":\"2.7.13\",\"setuptools_version\":"
                + "\"40.8.0\",\"system\":{\"name\":\"Linux\",\"release\":\"4.14.98-v7+\"}}";
        assertThat(fields(ua)).containsExactly("armv7l", "Raspbian GNU/Linux", "9", "Linux", "4.14.98-v7+", "CPython",
                "2.7.13", "pip", "19.0.3", "40.8.0");
    }

    @Test
    void uvsJsonIsReadToo() {
        String ua = "uv/0.4.18 {\"installer\":{\"name\":\"uv\",\"version\":\"0.4.18\"},\"python\":\"3.12.6\","
                + "\"implementation\":{\"name\":\"CPython\",\"version\":\"3.12.6\"},\"distro\":{\"name\":\"Debian GNU/Linux\","
                + "\"version\":\"12\",\"id\":\"bookworm\",\"libc\":null},\"system\":{\"name\":\"Linux\",\"release\":\"6.6.51\"},"
                + "\"cpu\":\"aarch64\",\"openssl_version\":null,\"setuptools_version\":null,\"rustc_version\":null,\"ci\":null}";
        assertThat(fields(ua)).containsExactly("aarch64", "Debian GNU/Linux", "12", "Linux", "6.6.51", "CPython",
                "3.12.6", "uv", "0.4.18", null);
    }

    @Test
    void withoutImplementationThePythonKeyGivesTheVersion() {
        assertThat(fields("pip/8.1 {\"python\":\"2.7.9\",\"distro\":{}}"))
                .containsExactly(null, null, null, null, null, "CPython", "2.7.9", null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pip/19.0.3 no JSON UA",
        "pip/evil {invalid JSON}",
        "pip/1 {\"cpu\":\"x\"} trailing",
        "Mozilla/5.0 {\"cpu\":\"armv7l\"}",
        "pip/1 {\"distro\":null,\"system\":null,\"installer\":null,\"implementation\":null}",
        "pip/1 {\"distro\":\"text\",\"system\":[1],\"installer\":3,\"implementation\":null}",
    })
    void anythingElseGivesNilsButCPython(String ua) {
        List<String> f = fields(ua);
        assertThat(f.get(5)).isEqualTo("CPython");
        assertThat(f).filteredOn(v -> v != null).containsExactly("CPython");
    }
}
