package org.piwheels.master.pypi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Classifies PyPI's free-text changelog actions (the translation table of spec §5.11.2). */
public enum ChangelogActionText {
    /** {@code add source file ...} */
    SOURCE_FILE,
    /** {@code add <anything but source> file ...}, e.g. {@code add py3 file ...} */
    BINARY_FILE,
    /** exactly {@code create} */
    CREATE_PROJECT,
    /** exactly {@code remove}, {@code remove project} or {@code remove release} */
    REMOVE,
    /** exactly {@code yank release} */
    YANK,
    /** exactly {@code unyank release} */
    UNYANK,
    /** everything else: {@code new release}, {@code remove file ...}, owner changes, renames, ... */
    IGNORED;

    private static final Pattern ADD_FILE = Pattern.compile("^add ([^ ]+) file");

    /** First match wins, in the table's order. */
    public static ChangelogActionText classify(String action) {
        Matcher file = ADD_FILE.matcher(action);
        if (file.find()) {
            return "source".equals(file.group(1)) ? SOURCE_FILE : BINARY_FILE;
        }
        return switch (action) {
            case "create" -> CREATE_PROJECT;
            case "remove", "remove project", "remove release" -> REMOVE;
            case "yank release" -> YANK;
            case "unyank release" -> UNYANK;
            default -> IGNORED;
        };
    }
}
