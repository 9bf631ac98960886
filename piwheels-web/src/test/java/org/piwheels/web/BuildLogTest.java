package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogTest {
    @TempDir
    Path root;

    @Test
    void pathsSplitTheIdIntoThreeGroupsOfFourDigits() {
        assertThat(BuildLogPaths.relativePath(1)).isEqualTo("logs/0000/0000/0001.txt.gz");
        assertThat(BuildLogPaths.relativePath(1234567)).isEqualTo("logs/0000/0123/4567.txt.gz");
        assertThat(BuildLogPaths.relativePath(123456789012L)).isEqualTo("logs/1234/5678/9012.txt.gz");
        assertThat(BuildLogPaths.url(1234567)).isEqualTo("/logs/0000/0123/4567.txt.gz");
        assertThat(BuildLogPaths.buildId("logs/1234/5678/9012.txt.gz")).isEqualTo(123456789012L);
        assertThat(BuildLogPaths.buildId("logs/0000/0000/0001.txt.gz")).isEqualTo(1);
        assertThatThrownBy(() -> BuildLogPaths.relativePath(1_000_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BuildLogPaths.buildId("logs/1/2/3.txt")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void logsAreGzippedUtf8WrittenOnceAndNeverReplaced() throws IOException {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        String text = "Collecting foo\n  Building wheel \u2713 caf\u00e9\nERROR: bad \ud800 surrogate\n";
        assertThat(writer.writeLog(1234567, text)).isTrue();
        Path log = root.resolve("logs/0000/0123/4567.txt.gz");
        assertThat(gunzip(log)).isEqualTo(text.replace("\ud800", "\ufffd"));

        assertThat(writer.writeLog(1234567, "second attempt")).isFalse();
        assertThat(gunzip(log)).startsWith("Collecting foo");
    }
}
