package org.piwheels.tools.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.TestWheels;

/**
 * Not a test: piw-import's speed (docs/benchmarks.md). Imports N small wheels
 * (default 1,000; about 1 KB each, a distinct platform tag each) as one build with one
 * piw-import into a running master (in this JVM, on the embedded PostgreSQL), and
 * reports wheels per second from the start of the command until it exits, which is
 * after the master verified and published the last one.
 * Run with the test classpath: {@code java -cp ... org.piwheels.tools.importer.ImportBenchmark [wheels]}.
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        RunningMaster master = RunningMaster.shared();
        Path dir = Files.createTempDirectory("piw-import-bench");
        String pkg = "bench-import-" + System.currentTimeMillis();
        master.dal().addNewPackage(pkg, "", "");
        master.dal().addNewPackageVersion(pkg, "1.0", Instant.now(), "");
        List<String> cmd = new ArrayList<>(List.of("-y", "-q", "--import-queue", master.importQueue(),
                "--file-queue", master.fileQueue()));
        cmd.addAll(master.adminArgs());
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            Path w = TestWheels.of(dir, pkg, "1.0", "cp311-cp311-manylinux_2_" + i + "_x86_64", 100);
            bytes += Files.size(w);
            cmd.add(w.toString());
        }
        long start = System.nanoTime();
        int rc = PiwImport.run(new PiwImport(new Prompts("").prompt(), null, Duration.ofSeconds(5)), List.of(),
                cmd.toArray(new String[0]));
        double s = (System.nanoTime() - start) / 1e9;
        long published;
        try (var files = Files.list(master.output().resolve("simple").resolve(pkg))) {
            published = files.filter(p -> p.toString().endsWith(".whl")).count();
        }
        System.out.printf("piw-import: exit %d, %,d wheels (%,d bytes) in %.2f s = %,.1f wheels/s; %,d published%n",
                rc, n, bytes, s, n / s, published);
        System.exit(0);
    }
}
