package org.piwheels.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.piwheels.protocol.records.DownloadCounts;

/**
 * A whole generated site on disk, made the way the master makes it: real wheel
 * files published through {@link WheelPublisher} (so the {@code .metadata}
 * files and hashes are real), then every page written by {@link SiteWriter}.
 * The data covers aliases, yanks, skips, failed builds, several ABIs, abi3 and
 * none wheels, PEP 440-equal versions, unicode and HTML-hostile descriptions.
 * {@link #projects} is the "database state" the golden tests compare against.
 */
final class SampleSite {
    static final Instant NOW = Instant.parse("2024-03-01T09:30:00Z");
    /** A summary that must come out escaped, never as markup. */
    static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & \"quotes\" 'apos' {{mustache}}";
    static final String UNICODE = "Zürich café — 日本語のテキスト 🚀 Ωmega";

    final Path root;
    final SiteWriter writer;
    /** canonical name → the input the pages were written from */
    final Map<String, ProjectInput> projects = new TreeMap<>();
    final Map<String, DownloadCounts> downloads = new TreeMap<>();
    private final WheelPublisher publisher;

    private SampleSite(Path root) {
        this.root = root;
        this.writer = new SiteWriter(new SiteConfig(root, "https://piwheels.example", false), new MutableClock(NOW));
        this.publisher = new WheelPublisher(root);
    }

    /** Writes the sample site under {@code root} (which may be empty or missing). */
    static SampleSite write(Path root) {
        SampleSite site = new SampleSite(root);
        site.writer.start(List.of());
        site.build();
        return site;
    }

    private void build() {
        // tiny-calc: installable; 1.1 is yanked (pip must not pick it), 0.9 failed everywhere.
        ProjectInput.WheelFile calc10 = publish("tiny-calc", "tiny_calc", "1.0", "py3-none-any", "cp311", ">=3.7", 0);
        ProjectInput.WheelFile calc11 = publish("tiny-calc", "tiny_calc", "1.1", "py3-none-any", "cp311", ">=3.7", 1);
        add(new ProjectInput("tiny-calc", "Tiny_Calc", "A tiny calculator", List.of(
                release("0.9", false, "2023-01-01T00:00:00Z", "", List.of(),
                        abis("cp39", "fail", 101L, "cp311", "fail", 102L)),
                release("1.0", false, "2023-02-01T00:00:00Z", "", List.of(calc10),
                        abis("cp39", "success", 103L, "cp311", "success", 104L)),
                release("1.1", true, "2023-03-01T00:00:00Z", "", List.of(calc11),
                        abis("cp39", "success", 105L, "cp311", "success", 106L))),
                List.of("Tiny_Calc", "tiny.calc")), 1234, 98765);

        // multi-abi: armv7l wheels for two ABIs (with armv6l twins), an abi3 wheel, a failed cp313 build,
        // and an unknown ABI; numeric ABI order must win over string order (cp39 before cp311).
        ProjectInput.WheelFile m39 = publish("multi-abi", "multi_abi", "2.0", "cp39-cp39-linux_armv7l", "cp39", ">=3.9", 0);
        ProjectInput.WheelFile m311 = publish("multi-abi", "multi_abi", "2.0", "cp311-cp311-linux_armv7l", "cp311", ">=3.9", 0);
        ProjectInput.WheelFile mAbi3 = publish("multi-abi", "multi_abi", "2.0", "cp37-abi3-linux_armv7l", "cp312", ">=3.7", 0);
        List<ProjectInput.WheelFile> multiFiles = new ArrayList<>(List.of(m39, m311, mAbi3));
        for (ProjectInput.WheelFile f : List.of(m39, m311, mAbi3)) {
            multiFiles.add(twin(f));
        }
        add(new ProjectInput("multi-abi", null, UNICODE, List.of(
                release("2.0", false, "2023-05-01T12:00:00Z", "", multiFiles,
                        abis("cp311", "success", 201L, "cp39", "success", 202L, "cp312", "success", 203L,
                                "cp313", "fail", 204L, "cp399", "pending", null)),
                release("2.1b1", false, "2023-06-01T12:00:00Z", "", List.of(),
                        abis("cp39", "pending", null, "cp311", "pending", null))),
                List.of("Multi_ABI")), 50, 60);

        // equal-vers: "1.0" and "1.0.0" are the same PEP 440 version but different releases.
        ProjectInput.WheelFile eq1 = publish("equal-vers", "equal_vers", "1.0", "py3-none-any", "cp311", null, 0);
        ProjectInput.WheelFile eq2 = publish("equal-vers", "equal_vers", "1.0.0", "py3-none-any", "cp311", null, 0);
        add(new ProjectInput("equal-vers", null, "Two spellings of one version", List.of(
                release("1.0", false, "2023-01-10T00:00:00Z", "", List.of(eq1), abis("cp311", "success", 301L)),
                release("1.0.0", false, "2023-01-11T00:00:00Z", "", List.of(eq2), abis("cp311", "success", 302L))),
                List.of()), 0, 3);

        // hostile: a description that tries to inject markup, a skipped release.
        ProjectInput.WheelFile h = publish("hostile", "hostile", "3.0", "py3-none-any", "cp311", "<4,>=3.8", 0);
        add(new ProjectInput("hostile", "Hostile", HOSTILE, List.of(
                release("3.0", false, "2023-07-01T00:00:00Z", "", List.of(h), abis("cp311", "success", 401L)),
                release("2.9", false, "2023-06-01T00:00:00Z", "binary only", List.of(),
                        abis("cp311", "skip", null))),
                List.of()), 7, 7);

        // skipped: the whole package is skipped.
        add(new ProjectInput("skipped-pkg", null, "", List.of(
                release("1.0", false, "2022-01-01T00:00:00Z", "too big", List.of(),
                        abis("cp39", "skip", null, "cp311", "skip", null))),
                List.of()), 0, 0);

        // no-files: known to PyPI, nothing released yet.
        add(new ProjectInput("no-files", null, "", List.of(), List.of()), 0, 0);

        for (ProjectInput p : projects.values()) {
            writer.writeBoth(p);
        }
        writer.writeSearchIndex(downloads);
        writer.writeHome(Fixtures.stats(), List.of(new BlogPost("A post <b>bold</b>", "https://blog.example/1", NOW)));
        writer.writeLog(104, "Building tiny-calc 1.0\nSuccess \u2713");
        writer.writeLog(101, "Building tiny-calc 0.9\nerror: no compiler");
    }

    private void add(ProjectInput p, long recent, long all) {
        projects.put(p.canonicalName(), p);
        downloads.put(p.canonicalName(), new DownloadCounts(recent, all));
    }

    private static ProjectInput.Release release(String v, boolean yanked, String released, String skip,
                                                List<ProjectInput.WheelFile> files, Map<String, ProjectInput.AbiBuild> abis) {
        return new ProjectInput.Release(v, yanked, Instant.parse(released), skip, files, abis);
    }

    private static Map<String, ProjectInput.AbiBuild> abis(Object... pairs) {
        Map<String, ProjectInput.AbiBuild> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 3) {
            m.put((String) pairs[i], new ProjectInput.AbiBuild((String) pairs[i + 1], (Long) pairs[i + 2]));
        }
        return m;
    }

    /** The armv6l database row of an armv7l wheel: same bytes, same hashes (the publisher made the links). */
    private static ProjectInput.WheelFile twin(ProjectInput.WheelFile f) {
        String name = WheelPublisher.armv6TwinName(f.filename()).orElseThrow();
        return new ProjectInput.WheelFile(name, f.location(), f.sha256(), f.size(), f.builderAbi(), f.fileAbi(),
                "linux_armv6l", f.requiresPython(), f.aptDependencies(), f.pipDependencies(), f.uploadTime(),
                f.coreMetadataSha256());
    }

    /** Builds a real wheel, publishes it as the file receiver does, and returns its database row. */
    private ProjectInput.WheelFile publish(String pkg, String dist, String version, String tags, String builderAbi,
                                           String requiresPython, int variant) {
        String filename = dist + "-" + version + "-" + tags + ".whl";
        byte[] bytes = wheelBytes(dist, version, tags, requiresPython, variant);
        try {
            Path upload = publisher.newUploadFile();
            Files.write(upload, bytes);
            String sha = WheelPublisher.sha256(upload);
            WheelPublisher.Published published = publisher.commit(upload, pkg, filename);
            String[] t = tags.split("-");
            return new ProjectInput.WheelFile(filename, "/simple", sha, bytes.length, builderAbi, t[1], t[2],
                    requiresPython, t[2].equals("any") ? Set.of() : Set.of("libc6"),
                    t[2].equals("any") ? Set.of() : Set.of("numpy"), NOW.minusSeconds(3600),
                    published.coreMetadataSha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid wheel: one module, METADATA, WHEEL, RECORD. */
    static byte[] wheelBytes(String dist, String version, String tags, String requiresPython, int variant) {
        String info = dist + "-" + version + ".dist-info/";
        String module = dist + "/__init__.py";
        String metadata = "Metadata-Version: 2.1\nName: " + dist.replace('_', '-') + "\nVersion: " + version + "\n"
                + (requiresPython == null ? "" : "Requires-Python: " + requiresPython + "\n")
                + "Summary: sample " + variant + "\n\n";
        String wheel = "Wheel-Version: 1.0\nGenerator: piwheels-tests\nRoot-Is-Purelib: "
                + tags.endsWith("any") + "\nTag: " + tags + "\n\n";
        String code = "VERSION = '" + version + "'\n\ndef add(a, b):\n    return a + b\n";
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            entry(zip, module, code);
            entry(zip, info + "METADATA", metadata);
            entry(zip, info + "WHEEL", wheel);
            entry(zip, info + "RECORD", module + ",,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info + "RECORD,,\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
