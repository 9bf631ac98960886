package org.piwheels.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The CPython ABI tag of an interpreter (e.g. {@code cp311}), which the slave will report. */
final class PythonAbi {
    private PythonAbi() {
    }

    static String of(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c",
                "import sys; print('cp%d%d' % sys.version_info[:2] + ('m' if sys.version_info < (3, 8) else ''))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("cp\\d+m?")) {
            throw new IOException("cannot ask " + python + " for its ABI: " + out);
        }
        return out;
    }
}
