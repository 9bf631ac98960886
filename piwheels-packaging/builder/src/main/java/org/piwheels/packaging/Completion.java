package org.piwheels.packaging;

import picocli.AutoComplete;
import picocli.CommandLine;

/** The bash completion script of a command, from its picocli model. */
public final class Completion {
    private Completion() {
    }

    public static String bash(CommandInfo info, CommandLine commandLine) {
        return AutoComplete.bash(info.name(), commandLine);
    }
}
