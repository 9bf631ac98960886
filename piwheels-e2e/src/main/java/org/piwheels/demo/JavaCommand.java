package org.piwheels.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs one of our commands through its real main class in a JVM
 * of its own, as an operator's launcher script would, optionally as an unprivileged user.
 */
final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * @param runAs     the switch to an unprivileged user, or null to run as this JVM does
     * @param classpath a classpath that user can read
     * @param heap      the {@code -Xmx} value, e.g. {@code 256m}
     * @param mainClass the command's main class
     * @param args      its arguments
     */
    static List<String> of(Unprivileged runAs, String classpath, String heap, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        if (runAs != null) {
            command.addAll(runAs.commandPrefix());
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }
}
