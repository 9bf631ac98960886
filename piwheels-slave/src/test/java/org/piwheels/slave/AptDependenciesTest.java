package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ldd output, dpkg ownership and orphans (components spec §7.4 step 5, §19.9 items 104–105). */
class AptDependenciesTest {
    private static final String ARM = "/lib/arm-linux-gnueabihf/";
    private static final String USR_ARM = "/usr/lib/arm-linux-gnueabihf/";

    @TempDir
    Path dir;

    private DpkgOwners dpkg(Map<String, List<String>> lists) throws Exception {
        Path info = Files.createDirectories(dir.resolve("dpkg-info"));
        for (var e : lists.entrySet()) {
            Files.write(info.resolve(e.getKey() + ".list"), e.getValue());
        }
        return new DpkgOwners(info);
    }

    @Test
    void lddLinesWithAPathAreKeptOthersIgnored() {
        String out = String.join("\n",
                "\tlinux-vdso.so.1 =>  (0x7ffd1c3f2000)",
                "\tlibm.so.6 => " + ARM + "libm.so.6 (0x76e2c000)",
                "\tlibquadmath.so.0 => " + USR_ARM + "libquadmath.so.0 (0x76c8c000)",
                "\t/lib/ld-linux-armhf.so.3 (0x76f9f000)",
                "\tlibmissing.so.1 => not found",
                "");
        assertThat(Ldd.parse(out)).containsExactly(Path.of(ARM + "libm.so.6"), Path.of(USR_ARM + "libquadmath.so.0"));
    }

    @Test
    void ownedLibrariesGiveAptPackagesTheRestAreOrphans() throws Exception {
        DpkgOwners owners = dpkg(Map.of(
                "libc6:armhf", List.of("/.", ARM + "libc.so.6", ARM + "libm.so.6", ARM + "libpthread.so.0"),
                "libgcc1:armhf", List.of(ARM + "libgcc_s.so.1"),
                "libgfortran3:armhf", List.of(USR_ARM + "libgfortran.so.3"),
                "libopenblas-base:armhf", List.of(USR_ARM + "libblas.so.3", USR_ARM + "libopenblas.so.0")));
        AptDependencies apt = new AptDependencies(new Ldd(Duration.ofSeconds(30), () -> false), owners, () -> false);
        Map<String, List<String>> deps = apt.classify(List.of(Path.of(ARM + "libc.so.6"), Path.of(ARM + "libm.so.6"),
                Path.of(ARM + "libpthread.so.0"), Path.of(USR_ARM + "libblas.so.3"), Path.of(USR_ARM + "libopenblas.so.0"),
                Path.of(USR_ARM + "libgfortran.so.3"), Path.of(USR_ARM + "libquadmath.so.0"), Path.of(ARM + "libgcc_s.so.1")));
        assertThat(deps.get("apt")).containsExactly("libc6", "libgcc1", "libgfortran3", "libopenblas-base");
        assertThat(deps.get("")).containsExactly(USR_ARM + "libquadmath.so.0");
    }

    @Test
    void mergedUsrPathsFindTheirOwnerUnderEitherSpelling() throws Exception {
        DpkgOwners owners = dpkg(Map.of("zlib1g:amd64", List.of("/lib/x86_64-linux-gnu/libz.so.1"),
                "libfoo", List.of("/usr/lib/libfoo.so.2")));
        assertThat(owners.owner(Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1"))).contains("zlib1g");
        assertThat(owners.owner(Path.of("/lib/libfoo.so.2"))).contains("libfoo");
        assertThat(owners.owner(Path.of("/opt/libbar.so"))).isEmpty();
    }

    @Test
    void withoutDpkgThereAreNoAptDependencies() throws Exception {
        Path wheel = wheelWith(Map.of("x/_ext.so", Files.readAllBytes(systemLibrary())));
        AptDependencies apt = new AptDependencies(new Ldd(Duration.ofSeconds(30), () -> false),
                new DpkgOwners(dir.resolve("no-dpkg")), () -> false);
        assertThat(apt.analyse(wheel, dir.resolve("scratch"))).containsEntry("apt", List.of()).containsEntry("", List.of());
    }

    @Test
    void aRealLibraryInAWheelDependsOnLibc() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DpkgOwners.SYSTEM_INFO), "needs a Debian-like system");
        Path wheel = wheelWith(Map.of("pkg/_ext.cpython-311-x86_64-linux-gnu.so", Files.readAllBytes(systemLibrary()),
                "pkg/not-elf.so", "just text".getBytes(StandardCharsets.UTF_8),
                "pkg/data.txt", new byte[] {0x7f, 'E', 'L', 'F'}));
        AptDependencies apt = new AptDependencies(new Ldd(Duration.ofSeconds(30), () -> false),
                new DpkgOwners(DpkgOwners.SYSTEM_INFO), () -> false);
        Map<String, List<String>> deps = apt.analyse(wheel, dir.resolve("scratch"));
        assertThat(deps.get("apt")).contains("libc6");
        assertThat(deps.get("")).isEmpty();
    }

    @Test
    void aStopRequestAbortsTheAnalysis() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DpkgOwners.SYSTEM_INFO), "needs a Debian-like system");
        Path wheel = wheelWith(Map.of("pkg/_ext.so", Files.readAllBytes(systemLibrary())));
        AptDependencies apt = new AptDependencies(new Ldd(Duration.ofSeconds(30), () -> true),
                new DpkgOwners(DpkgOwners.SYSTEM_INFO), () -> true);
        assertThatThrownBy(() -> apt.analyse(wheel, dir.resolve("scratch")))
                .isInstanceOf(BuildAbortedException.class).hasMessageContaining("was terminated early by event");
    }

    /** libm of the running python3 (present on any Linux with glibc); it links against libc. */
    private static Path systemLibrary() throws Exception {
        Process p = new ProcessBuilder("ldd", "/usr/bin/python3").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return Ldd.parse(out).stream().filter(l -> l.getFileName().toString().startsWith("libm.so"))
                .findFirst().orElseThrow().toRealPath();
    }

    private Path wheelWith(Map<String, byte[]> members) throws Exception {
        Path p = dir.resolve("pkg-1.0-cp311-cp311-linux_x86_64.whl");
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return p;
    }
}
