package org.piwheels.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about the machine a command runs on (components spec §2.9): board revision
 * and serial of a Raspberry Pi, the OS name and version, disk, memory, swap, load
 * and CPU temperature. The file-system root is a parameter so tests can supply
 * their own {@code /proc} and {@code /etc}.
 */
public final class HostInfo {
    private final Path root;

    /** Reads the real machine. */
    public HostInfo() {
        this(Path.of("/"));
    }

    /** @param root where {@code proc}, {@code sys} and {@code etc} are found */
    public HostInfo(Path root) {
        this.root = root;
    }

    /** @return the board revision in lower-case hex, or {@code unknown} */
    public String boardRevision() throws IOException {
        return deviceTreeNumber("proc/device-tree/system/linux,revision", 4);
    }

    /** @return the board serial in lower-case hex, or {@code unknown} */
    public String boardSerial() throws IOException {
        return deviceTreeNumber("proc/device-tree/system/linux,serial", 8);
    }

    private String deviceTreeNumber(String file, int bytes) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(root.resolve(file));
        } catch (NoSuchFileException e) {
            return "unknown";
        }
        long v = 0;
        for (int i = 0; i < Math.min(bytes, b.length); i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return Long.toHexString(v);
    }

    /** @return {@code [NAME, VERSION]} from os-release, defaulting to {@code Linux} and "" */
    public String[] osRelease() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve("etc/os-release"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
                }
            }
        } catch (IOException e) {
            // no os-release: the defaults stand
        }
        return new String[] {values.getOrDefault("NAME", "Linux"), values.getOrDefault("VERSION", "")};
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    /**
     * @return {@code [size, available]} in bytes of the file system holding {@code path},
     *         or that will hold it: a slave's build directory is made at its first build,
     *         but its status (with this) is reported from the start
     */
    public static long[] disk(Path path) throws IOException {
        Path existing = path.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        FileStore store = Files.getFileStore(existing);
        return new long[] {store.getTotalSpace(), store.getUsableSpace()};
    }

    /** @return {@code [memTotal, memAvailable, swapTotal, swapFree]} in bytes */
    public long[] memory() throws IOException {
        Map<String, Long> kb = new HashMap<>();
        Long freePlusCached = null;
        List<String> lines = Files.readAllLines(root.resolve("proc/meminfo"));
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] parts = line.substring(colon + 1).strip().split("\\s+");
            try {
                kb.put(line.substring(0, colon), Long.parseLong(parts[0]) * 1024);
            } catch (NumberFormatException e) {
                // not a number: not a field we use
            }
            if (freePlusCached == null && !kb.containsKey("MemAvailable")
                    && kb.containsKey("MemFree") && kb.containsKey("Cached")) {
                freePlusCached = kb.get("MemFree") + kb.get("Cached");
            }
        }
        Long available = kb.containsKey("MemAvailable") && freePlusCached == null ? kb.get("MemAvailable") : freePlusCached;
        if (!kb.containsKey("MemTotal") || available == null || !kb.containsKey("SwapTotal") || !kb.containsKey("SwapFree")) {
            throw new IOException("unexpected contents of /proc/meminfo");
        }
        return new long[] {kb.get("MemTotal"), available, kb.get("SwapTotal"), kb.get("SwapFree")};
    }

    /** @return the one-minute load average */
    public double loadAverage() throws IOException {
        String s = Files.readString(root.resolve("proc/loadavg")).strip();
        return Double.parseDouble(s.split("\\s+")[0]);
    }

    /** @return the CPU temperature in °C, {@code 0.0} if not readable */
    public double cpuTemperature() {
        try {
            return Long.parseLong(Files.readString(root.resolve("sys/class/thermal/thermal_zone0/temp")).strip()) / 1000.0;
        } catch (IOException | NumberFormatException e) {
            return 0.0;
        }
    }

    /** @return the host name, as the label of a slave or master */
    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }
}
