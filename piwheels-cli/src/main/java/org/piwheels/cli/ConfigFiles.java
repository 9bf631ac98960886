package org.piwheels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration a command sees: the default files in the 0.23 order, then
 * the {@code -c} file, later ones overriding earlier ones key by key. Within each
 * file a key in the command's own section beats the same key outside any section,
 * which beats it in another command's section; keys elsewhere still count, as in
 * 0.23 (which ignored sections), so existing {@code /etc/piwheels.conf} files that
 * put everything under {@code [master]} keep working for every command.
 */
public final class ConfigFiles {
    /** The default files, lowest precedence first. */
    public static List<Path> defaultFiles() {
        return List.of(Path.of("/etc/piwheels.conf"), Path.of("/usr/local/etc/piwheels.conf"),
                Path.of(System.getProperty("user.home"), ".config", "piwheels", "piwheels.conf"));
    }

    private ConfigFiles() {
    }

    /**
     * Loads the merged keys for a command.
     *
     * @param command  the command's section name, e.g. {@code master}
     * @param defaults the default files to read if present, lowest precedence first
     * @param explicit the {@code -c} file, or {@code null}
     * @return key to values
     * @throws IOException if the {@code -c} file cannot be read (a usage error) or a
     *                     default file exists but cannot be read
     */
    public static Map<String, List<String>> load(String command, List<Path> defaults, Path explicit) throws IOException {
        List<ConfigFile> files = new ArrayList<>();
        for (Path p : defaults) {
            if (Files.isRegularFile(p)) {
                files.add(ConfigFile.read(p));
            }
        }
        if (explicit != null) {
            files.add(ConfigFile.read(explicit));
        }
        Map<String, List<String>> merged = new HashMap<>();
        for (ConfigFile f : files) {
            Map<String, List<String>> own = new HashMap<>();
            for (String section : f.sectionNames()) {
                if (!section.equals(command) && !section.isEmpty()) {
                    own.putAll(f.section(section));
                }
            }
            own.putAll(f.section(""));
            own.putAll(f.section(command));
            merged.putAll(own);
        }
        return merged;
    }
}
