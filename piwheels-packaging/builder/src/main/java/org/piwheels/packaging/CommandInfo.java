package org.piwheels.packaging;

import java.util.List;
import picocli.CommandLine;

/**
 * One piwheels command: its name, main class, the Debian package that ships it, its
 * configuration-file section, its manual page in {@code docs/}, and whether its
 * start-up is worth a class-data-sharing archive (commands an operator types often).
 */
public record CommandInfo(String name, String mainClass, String group, String section, String doc, boolean cds) {

    /** Every command, grouped by package; the one table the builder, man pages and docs test share. */
    public static final List<CommandInfo> ALL = List.of(
            new CommandInfo("piw-master", "org.piwheels.master.PiwMaster", "master", "master", "master.md", false),
            new CommandInfo("piw-slave", "org.piwheels.slave.PiwSlave", "slave", "slave", "slave.md", false),
            new CommandInfo("piw-monitor", "org.piwheels.monitor.PiwMonitor", "monitor", "monitor", "monitor.md", true),
            new CommandInfo("piw-initdb", "org.piwheels.tools.initdb.InitDbCommand", "tools", "initdb", "initdb.md", false),
            new CommandInfo("piw-import", "org.piwheels.tools.importer.PiwImport", "tools", "import", "tools.md", true),
            new CommandInfo("piw-add", "org.piwheels.tools.add.PiwAdd", "tools", "add", "tools.md", true),
            new CommandInfo("piw-remove", "org.piwheels.tools.remove.PiwRemove", "tools", "remove", "tools.md", true),
            new CommandInfo("piw-rebuild", "org.piwheels.tools.rebuild.PiwRebuild", "tools", "rebuild", "tools.md", true),
            new CommandInfo("piw-logger", "org.piwheels.tools.logger.PiwLogger", "tools", "logger", "tools.md", false),
            new CommandInfo("piw-keygen", "org.piwheels.tools.keygen.PiwKeygen", "tools", "keygen", "tools.md", false));

    /** The commands of one package group ({@code master}, {@code slave}, {@code monitor}, {@code tools}). */
    public static List<CommandInfo> group(String group) {
        List<CommandInfo> found = ALL.stream().filter(c -> c.group.equals(group)).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no commands in group " + group);
        }
        return found;
    }

    /** The Debian package name, e.g. {@code piwheels-tools}. */
    public String packageName() {
        return "piwheels-" + group;
    }

    /**
     * The command's picocli model, built from its class as the command itself does,
     * but without configuration files: the defaults shown are the built-in ones.
     */
    public CommandLine commandLine(ClassLoader loader) {
        try {
            return new CommandLine(Class.forName(mainClass, true, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + ": main class " + mainClass + " is not on the class path", e);
        }
    }
}
