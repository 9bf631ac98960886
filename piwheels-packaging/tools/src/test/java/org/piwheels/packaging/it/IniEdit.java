package org.piwheels.packaging.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the keys of an ini snippet into a configuration file the way an operator edits
 * the installed example: each key goes right under its section's header (above the
 * commented-out defaults), replacing an active key of the same name; a section the
 * file lacks is appended.
 */
final class IniEdit {
    private IniEdit() {
    }

    static String apply(String file, String snippet) {
        Map<String, List<String[]>> wanted = new LinkedHashMap<>();
        String section = "";
        for (String line : snippet.lines().toList()) {
            String s = line.strip();
            if (s.startsWith("[") && s.endsWith("]")) {
                section = s.substring(1, s.length() - 1).strip();
                wanted.computeIfAbsent(section, k -> new ArrayList<>());
            } else if (!s.isEmpty() && !s.startsWith("#") && s.contains("=")) {
                int eq = s.indexOf('=');
                wanted.computeIfAbsent(section, k -> new ArrayList<>())
                        .add(new String[] {s.substring(0, eq).strip(), s.substring(eq + 1).strip()});
            }
        }
        List<String> out = new ArrayList<>(file.lines().toList());
        for (Map.Entry<String, List<String[]>> e : wanted.entrySet()) {
            int header = out.indexOf("[" + e.getKey() + "]");
            if (header < 0) {
                out.add("");
                out.add("[" + e.getKey() + "]");
                header = out.size() - 1;
            }
            for (String[] kv : e.getValue()) {
                // drop an active setting of the same key in this section
                for (int i = header + 1; i < out.size() && !out.get(i).startsWith("["); i++) {
                    if (out.get(i).matches("\\s*" + java.util.regex.Pattern.quote(kv[0]) + "\\s*=.*")) {
                        out.remove(i--);
                    }
                }
            }
            int at = header + 1;
            for (String[] kv : e.getValue()) {
                out.add(at++, kv[0] + " = " + kv[1]);
            }
        }
        return String.join("\n", out) + "\n";
    }
}
