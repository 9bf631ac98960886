package org.piwheels.benchmarks.web;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;
import org.piwheels.web.ProjectInput;
import org.piwheels.web.SiteConfig;
import org.piwheels.web.SiteWriter;

/**
 * Writes a whole site for a farm-sized data set, then measures the incremental
 * write that follows a new build (the project page, its JSON, the simple page
 * and its PEP 691 JSON: {@code SiteWriter.writeBoth}). Run by hand, never in the
 * build:
 *
 * <pre>
 * java -cp piwheels-benchmarks/target/benchmarks.jar org.piwheels.benchmarks.web.SiteWriterBenchmark \
 *     [--packages 10000] [--versions-per-package 10] [--files-per-version 2] [--updates 300] [--out DIR]
 * </pre>
 *
 * The data is generated from a fixed seed: every package has aliases, releases
 * with several ABIs, failed and skipped builds, some yanked versions and
 * pre-releases; files are armv7l wheels plus some abi3 and none wheels.
 */
public final class SiteWriterBenchmark {
    private static final String[] ABIS = {"cp39", "cp311", "cp313"};
    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private final int packages;
    private final int versionsPerPackage;
    private final int filesPerVersion;

    private SiteWriterBenchmark(int packages, int versionsPerPackage, int filesPerVersion) {
        this.packages = packages;
        this.versionsPerPackage = versionsPerPackage;
        this.filesPerVersion = filesPerVersion;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int packages = Integer.parseInt(opts.getOrDefault("packages", "10000"));
        int versions = Integer.parseInt(opts.getOrDefault("versions-per-package", "10"));
        int files = Integer.parseInt(opts.getOrDefault("files-per-version", "2"));
        int updates = Integer.parseInt(opts.getOrDefault("updates", "300"));
        Path out = Path.of(opts.getOrDefault("out", System.getProperty("java.io.tmpdir") + "/piwheels-site-bench"));
        new SiteWriterBenchmark(packages, versions, files).run(out, updates);
    }

    private void run(Path out, int updates) throws IOException {
        deleteTree(out);
        SiteWriter writer = new SiteWriter(SiteConfig.of(out), Clock.systemUTC());
        List<String> names = new ArrayList<>(packages);
        for (int i = 0; i < packages; i++) {
            names.add(name(i));
        }
        System.out.printf("data: %,d packages, %,d versions, %,d files%n", packages,
                (long) packages * versionsPerPackage, (long) packages * versionsPerPackage * filesPerVersion);

        long t0 = System.nanoTime();
        long c0 = cpu();
        long p0 = processCpu();
        writer.start(names);
        long tStart = System.nanoTime();
        long generating = 0;
        long generatingCpu = 0;
        for (int i = 0; i < packages; i++) {
            long g = System.nanoTime();
            long gc = cpu();
            ProjectInput p = project(i, 0);
            generating += System.nanoTime() - g;
            generatingCpu += cpu() - gc;
            writer.writeBoth(p);
        }
        long tProjects = System.nanoTime();
        Map<String, DownloadCounts> downloads = new TreeMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (String n : names) {
            long all = r.nextLong(1_000_000);
            downloads.put(n, new DownloadCounts(all / 10, all));
        }
        writer.writeSearchIndex(downloads);
        writer.writeHome(stats(), List.of());
        long tEnd = System.nanoTime();
        long cEnd = cpu();
        long pEnd = processCpu();
        System.out.printf("whole site: %.1f s (start %.1f s, %,d × writeBoth %.1f s of which %.1f s generating input,"
                        + " search index + home + sitemaps %.1f s)%n",
                secs(tEnd - t0), secs(tStart - t0), packages, secs(tProjects - tStart), secs(generating),
                secs(tEnd - tProjects));
        System.out.printf("whole site, writer time only: %.1f s wall, %.1f s CPU of the writing thread"
                + " (input generation excluded from both)%n", secs(tEnd - t0 - generating), secs(cEnd - c0 - generatingCpu));
        // the writer renders on helper threads too; this counts every thread of the JVM (GC and JIT included)
        System.out.printf("whole site, CPU of the whole process: %.1f s (input generation, %.1f s, subtracted)%n",
                secs(pEnd - p0 - generatingCpu), secs(generatingCpu));
        try (Stream<Path> s = Files.walk(out)) {
            System.out.printf("files written: %,d%n", s.filter(Files::isRegularFile).count());
        }

        // Incremental: a new build adds a file to the newest release of one package; the master then sends BOTH.
        long[] times = new long[updates];
        long[] cpuTimes = new long[updates];
        long[] processTimes = new long[updates];
        SplittableRandom pick = new SplittableRandom(11);
        for (int u = 0; u < updates; u++) {
            ProjectInput p = project(pick.nextInt(packages), u + 1);
            long s = System.nanoTime();
            long c = cpu();
            long pc = processCpu();
            writer.writeBoth(p);
            times[u] = System.nanoTime() - s;
            cpuTimes[u] = cpu() - c;
            processTimes[u] = processCpu() - pc;
        }
        Arrays.sort(times);
        Arrays.sort(cpuTimes);
        Arrays.sort(processTimes);
        System.out.printf("incremental writeBoth after a new build (%d updates, %d versions × %d files per package):"
                        + " median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                updates, versionsPerPackage, filesPerVersion, ms(times[updates / 2]), ms(times[updates * 95 / 100]),
                ms(times[updates - 1]));
        System.out.printf("  the same in CPU time of the writing thread: median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                ms(cpuTimes[updates / 2]), ms(cpuTimes[updates * 95 / 100]), ms(cpuTimes[updates - 1]));
        System.out.printf("  the same in CPU time of the whole process: median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                ms(processTimes[updates / 2]), ms(processTimes[updates * 95 / 100]), ms(processTimes[updates - 1]));
    }

    private static String name(int i) {
        return "package-" + Integer.toString(i, 36) + (i % 7 == 0 ? "-tools" : "");
    }

    /**
     * Package {@code i}; {@code extraBuilds} more files on the newest release model the builds that
     * arrived since the whole-site write.
     */
    private ProjectInput project(int i, int extraBuilds) {
        SplittableRandom r = new SplittableRandom(i * 31L + 17);
        String pkg = name(i);
        String dist = pkg.replace('-', '_');
        List<ProjectInput.Release> releases = new ArrayList<>(versionsPerPackage);
        for (int v = 0; v < versionsPerPackage; v++) {
            String version = (v / 5) + "." + (v % 5) + (v == versionsPerPackage - 1 && i % 5 == 0 ? "rc1" : "");
            boolean yanked = r.nextInt(20) == 0;
            boolean skipped = r.nextInt(25) == 0;
            Map<String, ProjectInput.AbiBuild> abis = new LinkedHashMap<>();
            long buildBase = ((long) i * versionsPerPackage + v) * 4;
            for (int a = 0; a < ABIS.length; a++) {
                String status = skipped ? "skip" : a < 2 ? "success" : r.nextInt(3) == 0 ? "fail" : "pending";
                abis.put(ABIS[a], new ProjectInput.AbiBuild(status, skipped || "pending".equals(status) ? null : buildBase + a + 1));
            }
            List<ProjectInput.WheelFile> files = new ArrayList<>();
            int count = skipped ? 0 : filesPerVersion + (v == versionsPerPackage - 1 ? extraBuilds : 0);
            for (int f = 0; f < count; f++) {
                String tags = f % 10 == 9 ? "py3-none-any" : f % 10 == 8 ? "cp37-abi3-linux_armv7l"
                        : ABIS[f % 2] + "-" + ABIS[f % 2] + "-linux_armv7l";
                String platform = tags.substring(tags.lastIndexOf('-') + 1);
                String fileAbi = tags.split("-")[1];
                String filename = dist + "-" + version + (f >= 2 ? "-" + f : "") + "-" + tags + ".whl";
                files.add(new ProjectInput.WheelFile(filename, "/simple", hex(r), 10_000 + r.nextInt(5_000_000),
                        ABIS[f % 2], fileAbi, platform, ">=3.7", Set.of("libc6", "libatlas3-base"), Set.of("numpy"),
                        EPOCH.plus(Duration.ofDays(v * 10L)), f % 3 == 0 ? null : hex(r)));
            }
            releases.add(new ProjectInput.Release(version, yanked, EPOCH.plus(Duration.ofDays(v * 10L)),
                    skipped ? "binary only" : "", files, abis));
        }
        return new ProjectInput(pkg, pkg.toUpperCase().replace('-', '_'), "Summary of " + pkg + " <with> & markup",
                releases, List.of(pkg.toUpperCase().replace('-', '_'), pkg.replace('-', '.')));
    }

    private static String hex(SplittableRandom r) {
        StringBuilder b = new StringBuilder(64);
        for (int k = 0; k < 4; k++) {
            b.append(String.format("%016x", r.nextLong()));
        }
        return b.toString();
    }

    private static MasterStats stats() {
        return new MasterStats(Instant.now(), 12345, Map.of("cp311", 3L), Duration.ofHours(5), 1_000_000L,
                Map.of("cp311", 10L), 4, 456789, 12, 1_234_567, 98_765_432, 1L << 40, 1L << 39, 1L << 32,
                1L << 31, 0, 0, 0.5, 51.2);
    }

    /** CPU time of this thread: on a shared machine the wall clock mostly measures the other processes. */
    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time of every thread of this JVM, the writer's helper threads included. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
