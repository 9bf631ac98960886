package org.piwheels.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.protocol.records.MasterStats;

/** Realistic input data for the page tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2024-01-31T12:00:00.123456Z");
    static final String HASH_A = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String HASH_B = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    static final String HASH_C = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private Fixtures() {
    }

    static ProjectInput.WheelFile wheel(String filename, String hash, long size, String abi, String platform,
                                        String requiresPython, Set<String> apt, Set<String> pip) {
        String fileAbi = filename.split("-")[filename.split("-").length - 2];
        return new ProjectInput.WheelFile(filename, "/simple", hash, size, abi, fileAbi, platform, requiresPython,
                apt, pip, Instant.parse("2023-05-01T11:00:00Z"), null);
    }

    static Map<String, ProjectInput.AbiBuild> abis(Object... pairs) {
        Map<String, ProjectInput.AbiBuild> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 3) {
            m.put((String) pairs[i], new ProjectInput.AbiBuild((String) pairs[i + 1], (Long) pairs[i + 2]));
        }
        return m;
    }

    /**
     * foo-bar: 1.1 (two armv7l wheels + armv6l twins, one yanked older release, a pre-release, a skipped
     * release, and a release with no files), aliases Foo_Bar and FOO.BAR.
     */
    static ProjectInput fooBar() {
        ProjectInput.Release v11 = new ProjectInput.Release("1.1", false, Instant.parse("2023-05-01T10:00:00Z"), "",
                List.of(
                        wheel("foo_bar-1.1-cp311-cp311-linux_armv7l.whl", HASH_A, 123456, "cp311", "linux_armv7l",
                                ">=3.8", Set.of("libatlas3-base", "libgfortran5"), Set.of("numpy")),
                        wheel("foo_bar-1.1-cp311-cp311-linux_armv6l.whl", HASH_A, 123456, "cp311", "linux_armv6l",
                                ">=3.8", Set.of("libatlas3-base", "libgfortran5"), Set.of("numpy")),
                        wheel("foo_bar-1.1-cp39-cp39-linux_armv7l.whl", HASH_B, 5242880, "cp39", "linux_armv7l",
                                ">=3.8", Set.of("libatlas3-base"), Set.of("numpy"))),
                abis("cp39", "success", 1234567L, "cp311", "success", 1234568L, "cp313", "fail", 1234569L));
        ProjectInput.Release rc = new ProjectInput.Release("1.1rc1", false, Instant.parse("2023-04-20T08:00:00Z"), "",
                List.of(), abis("cp39", "pending", null, "cp311", "pending", null));
        ProjectInput.Release v10 = new ProjectInput.Release("1.0", true, Instant.parse("2022-01-01T00:00:00Z"), "",
                List.of(wheel("foo_bar-1.0-py3-none-any.whl", HASH_C, 512, "cp39", "any", null, Set.of(), Set.of())),
                abis("cp39", "success", 17L, "cp311", "success", 18L));
        ProjectInput.Release v09 = new ProjectInput.Release("0.9", false, Instant.parse("2021-06-01T00:00:00Z"),
                "binary only", List.of(), abis("cp39", "skip", null, "cp311", "skip", null));
        ProjectInput.Release v2 = new ProjectInput.Release("1.10", false, Instant.parse("2023-06-01T00:00:00Z"), "",
                List.of(), abis("cp39", "pending", null, "cp311", "pending", null, "cp312", "pending", null));
        return new ProjectInput("foo-bar", "Foo_Bar", "Frobnicates bars", List.of(v10, v11, v09, rc, v2),
                List.of("Foo_Bar", "FOO.BAR", "foo-bar"));
    }

    static MasterStats stats() {
        return new MasterStats(NOW, 12345, Map.of("cp311", 3L), java.time.Duration.ofHours(5), 1_000_000L,
                Map.of("cp311", 10L), 4, 456789, 12, 1_234_567, 98_765_432, 1L << 40, 1L << 39, 1L << 32,
                1L << 31, 0, 0, 0.5, 51.2);
    }
}
