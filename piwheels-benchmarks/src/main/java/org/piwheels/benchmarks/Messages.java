package org.piwheels.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveStats;

/** Realistic message data for the benchmarks, the same on every run. */
final class Messages {
    /** Size of the build log in {@code BUILT}. */
    static final int LOG_LENGTH = 100_000;
    /** Number of files in {@code BUILT}. */
    static final int FILES = 10;

    private Messages() {
    }

    /** The health report of an idle slave, as a 0.23 slave sends it every few seconds. */
    static SlaveStats idleStats() {
        return new SlaveStats(Instant.parse("2024-05-17T12:34:56.789012Z"), 31_000_000_000L, 12_345_678_901L,
                4_000_000_000L, 3_210_987_654L, 104_853_504L, 104_853_504L, 0.37, 51.5);
    }

    /**
     * A successful build of ten wheels.
     *
     * @param unicode whether the log holds non-ASCII text (pip's progress bars and
     *                quotes) besides ASCII, or ASCII only
     */
    static BuildResult built(boolean unicode) {
        List<FileState> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String tag = "cp3" + (7 + i % 6);
            files.add(new FileState("numpy-1.26." + i + "-" + tag + "-" + tag + "-linux_armv7l.whl",
                    14_000_000L + i, hash(i), "numpy", "1.26." + i, tag, tag, "linux_armv7l", ">=3.9",
                    Map.of("apt", List.of("libatlas3-base", "libgfortran5"), "pip", List.of()), "/simple"));
        }
        return new BuildResult(true, Duration.ofSeconds(1234, 567_890_000), log(unicode), files);
    }

    private static String hash(int seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** A pip build log of {@link #LOG_LENGTH} characters. */
    static String log(boolean unicode) {
        String[] lines = unicode
                ? new String[] {
                    "  Building wheel for numpy (pyproject.toml) ... ━━━━━━━━━━━━━━━━ 100% 0:00:01\n",
                    "  Created wheel for numpy: filename=numpy-1.26.0-cp311-cp311-linux_armv7l.whl size=14000000\n",
                    "  warning: ‘npy_intp’ may be used uninitialized in this function [-Wmaybe-uninitialized]\n",
                }
                : new String[] {
                    "  Building wheel for numpy (pyproject.toml) ... done\n",
                    "  Created wheel for numpy: filename=numpy-1.26.0-cp311-cp311-linux_armv7l.whl size=14000000\n",
                    "  gcc -pthread -Wno-unused-result -Wsign-compare -DNDEBUG -g -fwrapv -O2 -Wall -fPIC -c x.c\n",
                };
        StringBuilder sb = new StringBuilder(LOG_LENGTH + 200);
        for (int i = 0; sb.length() < LOG_LENGTH; i++) {
            sb.append(lines[i % lines.length]);
        }
        return sb.substring(0, LOG_LENGTH);
    }
}
