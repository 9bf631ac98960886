package org.piwheels.tools.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/**
 * Issue #12, "the importer given malformed files": piw-import against a running master
 * with wheels that are truncated, not zips at all, empty, random bytes, missing their
 * METADATA, or with a member whose compressed data is corrupt. Each is refused with a
 * message naming the file (no stack trace), a good wheel given alongside is not
 * imported either, and nothing of the package is stored: no build, no file row,
 * nothing in the web root; the local files stay.
 */
class MalformedImportMasterTest {
    private static RunningMaster master;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    @BeforeAll
    static void startMaster() throws Exception {
        master = RunningMaster.shared();
    }

    @AfterAll
    static void masterStillRuns() {
        assertThat(master.healthy()).isTrue();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.importQueue(), "--file-queue",
                master.fileQueue()));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwImport.run(new PiwImport(new Prompts("").prompt(), null, Duration.ofMillis(500)), List.of(),
                all.toArray(new String[0]));
    }

    @Test
    void malformedWheelsAreRefusedWithAMessageAndNothingIsStored() throws Exception {
        String pkg = "lambda";
        master.dal().addNewPackage(pkg, "", "");
        master.dal().addNewPackageVersion(pkg, "1.0", Instant.parse("2024-01-01T00:00:00Z"), "");
        Path good = TestWheels.of(dir, pkg, "1.0", "cp311-cp311-linux_armv7l", 50_000);
        byte[] bytes = Files.readAllBytes(good);

        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("linux_mips", Arrays.copyOf(bytes, bytes.length / 2)); // truncated: no central directory
        bad.put("linux_aarch64", Arrays.copyOf(bytes, bytes.length - 10)); // the end record cut short
        bad.put("linux_x86_64", "this is not a zip archive\n".getBytes(StandardCharsets.US_ASCII));
        bad.put("linux_i686", new byte[0]);
        byte[] noise = new byte[20_000];
        new Random(12).nextBytes(noise);
        bad.put("linux_riscv64", noise);
        byte[] corrupt = bytes.clone();
        // bytes well inside the archive (the payload member): a CRC, inflate or RECORD hash failure
        for (int i = bytes.length / 4; i < bytes.length / 4 + 64; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        bad.put("linux_s390x", corrupt);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("lambda/__init__.py", "x = 1\n".getBytes(StandardCharsets.US_ASCII));
        bad.put("linux_ppc64le", zipBytes(members));

        for (var e : bad.entrySet()) {
            Path file = Files.write(dir.resolve(pkg + "-1.0-cp311-cp311-" + e.getKey() + ".whl"), e.getValue());
            int before = stderr.text().length();
            assertThat(run("-y", "-d", good.toString(), file.toString())).as("%s", file.getFileName()).isEqualTo(1);
            String said = stderr.text().substring(before);
            assertThat(said).as("what piw-import said about %s", file.getFileName())
                    .contains(file.getFileName().toString())
                    .doesNotContain("\tat ", "Exception in thread");
            assertThat(file).exists();
            assertThat(good).exists();
        }
        assertThat(master.rows("SELECT build_id FROM builds WHERE package = '" + pkg + "'")).isEmpty();
        assertThat(master.rows("SELECT filename FROM files WHERE package_tag = '" + pkg + "'")).isEmpty();
        assertThat(master.output().resolve("simple").resolve(pkg)).doesNotExist();
        try (var s = Files.list(master.output().resolve("simple"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }

        // the good wheel alone is imported: the refusals left nothing in its way
        assertThat(run("-y", good.toString())).isZero();
        assertThat(master.rows("SELECT filename FROM files WHERE package_tag = '" + pkg + "'")).hasSize(2);
    }

    private Path zipPath;

    private byte[] zipBytes(Map<String, byte[]> members) throws Exception {
        zipPath = dir.resolve("members.zip");
        TestWheels.write(zipPath, members);
        byte[] b = Files.readAllBytes(zipPath);
        Files.delete(zipPath);
        return b;
    }
}
