package org.piwheels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed piwheels configuration file (components spec §2.2): {@code key = value},
 * {@code key: value}, {@code key value} or {@code --key value}; {@code #} and {@code ;}
 * comments (whole lines, or after " #" / " ;"); lines starting {@code ---} ignored; a
 * bare key is {@code true}; {@code key = [a, b]} is a list. Keys are kept per section
 * ({@code ""} for keys before any section), the last occurrence winning.
 */
public final class ConfigFile {
    private final Path path;
    private final Map<String, Map<String, List<String>>> sections;

    private ConfigFile(Path path, Map<String, Map<String, List<String>>> sections) {
        this.path = path;
        this.sections = sections;
    }

    /** Reads and parses a file. */
    public static ConfigFile read(Path path) throws IOException {
        return parse(path, Files.readAllLines(path));
    }

    /** Parses lines (for tests and in-memory configuration). */
    public static ConfigFile parse(Path path, List<String> lines) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        String section = "";
        for (String raw : lines) {
            String line = stripComment(raw).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("---")) {
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                section = (end > 0 ? line.substring(1, end) : line.substring(1)).strip();
                continue;
            }
            if (line.startsWith("--")) {
                line = line.substring(2);
            }
            String key;
            String value;
            int sep = indexOfSeparator(line);
            if (sep < 0) {
                key = line;
                value = "true";
            } else {
                key = line.substring(0, sep).strip();
                value = line.substring(sep + 1).strip();
                if (value.isEmpty()) {
                    value = "true";
                }
            }
            sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, values(value));
        }
        return new ConfigFile(path, sections);
    }

    private static String stripComment(String line) {
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == '#' || c == ';') && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int indexOfSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                // "key value" only when no '=' or ':' follows the space: "key = v" splits at '='
                if (Character.isWhitespace(c)) {
                    String rest = line.substring(i).stripLeading();
                    if (rest.startsWith("=") || rest.startsWith(":")) {
                        return i + (line.substring(i).length() - rest.length());
                    }
                }
                return i;
            }
        }
        return -1;
    }

    private static List<String> values(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            List<String> list = new ArrayList<>();
            for (String item : value.substring(1, value.length() - 1).split(",")) {
                if (!item.isBlank()) {
                    list.add(item.strip());
                }
            }
            return Collections.unmodifiableList(list);
        }
        return List.of(value);
    }

    /** @return the file's path */
    public Path path() {
        return path;
    }

    /** @return the keys of a section ({@code ""} for keys outside sections), never null */
    public Map<String, List<String>> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /** @return every section name in file order */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }
}
