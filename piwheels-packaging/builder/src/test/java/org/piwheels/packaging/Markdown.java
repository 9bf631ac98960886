package org.piwheels.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough Markdown for the docs tests: sections by heading, table rows, fenced blocks. */
final class Markdown {
    private static final Pattern OPTION = Pattern.compile("`(--?[A-Za-z0-9][A-Za-z0-9-]*)");

    private Markdown() {
    }

    /** The lines under the first heading whose text equals {@code title}, to the next heading at its level or above. */
    static List<String> section(List<String> lines, String title) {
        List<String> out = new ArrayList<>();
        int level = -1;
        for (String line : lines) {
            int l = headingLevel(line);
            if (level < 0) {
                if (l > 0 && line.substring(l).strip().equals(title)) {
                    level = l;
                }
            } else if (l > 0 && l <= level) {
                break;
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static int headingLevel(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '#') {
            i++;
        }
        return i > 0 && i < line.length() && line.charAt(i) == ' ' ? i : 0;
    }

    /** Table rows (not the header separator) as trimmed cells. */
    static List<List<String>> tableRows(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            String s = line.strip();
            if (!s.startsWith("|") || s.matches("\\|[\\s|:-]+\\|")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : s.substring(1, s.length() - 1).split("(?<!\\\\)\\|", -1)) {
                cells.add(cell.strip());
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The option names written as code ({@code `-c FILE`}, {@code `--dsn`}) in a table cell. */
    static List<String> optionNames(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = OPTION.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The contents of fenced blocks with the given info string ({@code ini}, {@code sh}, ...). */
    static List<List<String>> fencedBlocks(List<String> lines, String info) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            if (current == null && line.strip().equals("```" + info)) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }
}
