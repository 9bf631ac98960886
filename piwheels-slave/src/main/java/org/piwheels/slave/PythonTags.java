package org.piwheels.slave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python version digits, native ABI tag and platform tag of the interpreter that
 * builds (components spec §6.5), computed the way the {@code wheel} package's
 * {@code bdist_wheel} does: ABI {@code cp} + the SOABI version for CPython, platform
 * from {@code sysconfig.get_platform()} (a 32-bit user land on a 64-bit kernel reports
 * the 32-bit platform).
 *
 * @param pyVersion e.g. {@code 311}
 * @param abi       e.g. {@code cp311}
 * @param platform  e.g. {@code linux_armv7l}
 */
record PythonTags(String pyVersion, String abi, String platform) {
    private static final String SCRIPT = String.join("\n",
            "import sys, sysconfig",
            "v = '%d%d' % sys.version_info[:2]",
            "soabi = sysconfig.get_config_var('SOABI') or ''",
            "if soabi.startswith('cpython-'):",
            "    abi = 'cp' + soabi.split('-')[1]",
            "elif soabi:",
            "    abi = soabi.replace('.', '_').replace('-', '_')",
            "else:",
            "    abi = 'cp' + v",
            "plat = sysconfig.get_platform().replace('-', '_').replace('.', '_')",
            "if sys.maxsize <= 2**32:",
            "    plat = {'linux_x86_64': 'linux_i686', 'linux_aarch64': 'linux_armv7l'}.get(plat, plat)",
            "print(v, abi, plat)");

    /** Asks {@code python} (e.g. {@code python3}) for its tags. */
    static PythonTags query(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(python, "-c", SCRIPT)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("cannot ask " + python + " for its wheel tags: " + out);
        }
        String[] parts = out.split("\\s+");
        if (parts.length != 3 || parts[1].equals("none")) {
            throw new IOException("unexpected answer from " + python + ": " + out);
        }
        return new PythonTags(parts[0], parts[1], parts[2]);
    }
}
