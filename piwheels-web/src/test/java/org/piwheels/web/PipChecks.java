package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.piwheels.testing.PipRunner;

/** What pip does against a served sample site; shared by the loopback-server and nginx tests. */
final class PipChecks {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern VERSION = Pattern.compile("pip (\\d+)\\.(\\d+)");

    private PipChecks() {
    }

    static boolean pipAvailable() {
        return Files.isExecutable(Path.of(PipRunner.PYTHON));
    }

    /** @return pip's major * 100 + minor */
    static int pipVersion(PipRunner pip) throws IOException, InterruptedException {
        PipRunner.Result r = pip.pip(TIMEOUT, "--version");
        Matcher m = VERSION.matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
    }

    /**
     * {@code pip download -v tiny-calc}: the newest version that is not yanked, verified against the page's hash.
     *
     * @return pip's verbose log
     */
    static String downloadTinyCalc(PipRunner pip, String indexUrl, Path dest) throws IOException, InterruptedException {
        PipRunner.Result r = pip.pip(TIMEOUT, "download", "-v", "--no-deps", "--no-cache-dir",
                "--disable-pip-version-check", "--index-url", indexUrl, "-d", dest.toString(), "tiny-calc");
        assertThat(r.exitCode()).as(r.output()).isZero();
        try (Stream<Path> files = Files.list(dest)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("1.1 is yanked, so 1.0 is the one").containsExactly("tiny_calc-1.0-py3-none-any.whl");
        }
        return r.output();
    }

    /**
     * {@code pip install --target}, then imports the module from there. (Asking for another spelling,
     * {@code Tiny_Calc}, fails with Debian 12's pip 23.0.1 whenever PEP 658 metadata is offered: that pip
     * compares the unnormalised names; later pips do not.)
     */
    static void installAndImport(PipRunner pip, String indexUrl, Path target) throws IOException, InterruptedException {
        PipRunner.Result r = pip.pip(TIMEOUT, "install", "--no-deps", "--no-cache-dir", "--disable-pip-version-check",
                "--no-compile", "--index-url", indexUrl, "--target", target.toString(), "tiny-calc");
        assertThat(r.exitCode()).as(r.output()).isZero();
        PipRunner.Result run = pip.python(TIMEOUT, "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); import tiny_calc; print(tiny_calc.VERSION, tiny_calc.add(2, 3))",
                target.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("1.0 5");
    }

    /** Corrupts the published wheel: pip must refuse it because the page's hash no longer matches. */
    static void tamperedWheelIsRefused(PipRunner pip, String indexUrl, Path siteRoot, Path dest)
            throws IOException, InterruptedException {
        Path wheel = siteRoot.resolve("simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl");
        byte[] good = Files.readAllBytes(wheel);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x55;
        Files.write(wheel, bad);
        try {
            PipRunner.Result r = pip.pip(TIMEOUT, "download", "--no-deps", "--no-cache-dir",
                    "--disable-pip-version-check", "--index-url", indexUrl, "-d", dest.toString(), "tiny-calc");
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).contains("DO NOT MATCH THE HASHES");
        } finally {
            Files.write(wheel, good);
        }
    }
}
