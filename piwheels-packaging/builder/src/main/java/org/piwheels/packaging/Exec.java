package org.piwheels.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a build tool (jlink, jpackage, dpkg-deb) and fails with its output when it fails. */
final class Exec {
    private Exec() {
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + status + ":\n" + output);
        }
        return output;
    }

    /** A JDK tool next to the running JVM, so the package's runtime matches the JDK that built it. */
    static String jdkTool(String name) {
        Path home = Path.of(System.getProperty("java.home"));
        Path tool = home.resolve("bin").resolve(name);
        return tool.toFile().canExecute() ? tool.toString() : name;
    }
}
