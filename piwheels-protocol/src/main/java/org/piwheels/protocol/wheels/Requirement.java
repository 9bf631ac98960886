package org.piwheels.protocol.wheels;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a PEP 508 requirement the slave needs: the name, and whether its
 * marker mentions {@code extra}. Parsing is strict enough to refuse what
 * {@code packaging} refuses in practice (bad names, bad version specifiers, markers
 * with unknown variables or stray characters).
 *
 * @param name       the name as written
 * @param hasExtraMarker whether the marker uses the {@code extra} variable
 */
public record Requirement(String name, boolean hasExtraMarker) {
    private static final Pattern HEAD = Pattern.compile(
            "^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[\\s*(?:[A-Za-z0-9][A-Za-z0-9._-]*\\s*(?:,\\s*[A-Za-z0-9][A-Za-z0-9._-]*\\s*)*)?\\])?\\s*");
    private static final String VERSION_ONE = "(?:===|==|!=|~=|<=|>=|<|>)\\s*[A-Za-z0-9_.*+!-]+";
    private static final Pattern VERSIONS = Pattern.compile(
            "^(?:\\(\\s*" + VERSION_ONE + "(?:\\s*,\\s*" + VERSION_ONE + ")*\\s*\\)|"
            + VERSION_ONE + "(?:\\s*,\\s*" + VERSION_ONE + ")*)?\\s*$");
    private static final Pattern URL = Pattern.compile("^@\\s*\\S+\\s*$");
    private static final Pattern MARKER_TOKEN = Pattern.compile(
            "\\s*(\\(|\\)|'[^']*'|\"[^\"]*\"|===|==|!=|~=|<=|>=|<|>|not\\s+in\\b|in\\b|and\\b|or\\b|[A-Za-z_][A-Za-z0-9_.]*)\\s*");
    private static final Set<String> VARIABLES = Set.of("python_version", "python_full_version", "os_name",
            "sys_platform", "platform_release", "platform_system", "platform_version", "platform_machine",
            "platform_python_implementation", "implementation_name", "implementation_version", "extra",
            "os.name", "sys.platform", "platform.version", "platform.machine", "platform.python_implementation",
            "python_implementation");

    /** @return the requirement, or empty if it does not parse */
    public static Optional<Requirement> parse(String text) {
        String s = text.strip();
        String marker = null;
        Matcher head = HEAD.matcher(s);
        if (!head.lookingAt()) {
            return Optional.empty();
        }
        String rest = s.substring(head.end());
        boolean url = rest.startsWith("@");
        int semi = url ? rest.indexOf(" ;") : rest.indexOf(';');
        if (semi >= 0) {
            marker = rest.substring(semi + (url ? 2 : 1));
            rest = rest.substring(0, semi);
        }
        if (!(url ? URL.matcher(rest).matches() : VERSIONS.matcher(rest).matches())) {
            return Optional.empty();
        }
        boolean extra = false;
        if (marker != null) {
            Boolean mentions = markerMentionsExtra(marker);
            if (mentions == null) {
                return Optional.empty();
            }
            extra = mentions;
        }
        return Optional.of(new Requirement(head.group(1), extra));
    }

    /** @return whether the marker uses {@code extra}, or null if it is not a valid marker */
    private static Boolean markerMentionsExtra(String marker) {
        java.util.List<String> tokens = new java.util.ArrayList<>();
        Matcher m = MARKER_TOKEN.matcher(marker);
        int pos = 0;
        while (pos < marker.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            tokens.add(m.group(1).replaceAll("\\s+", " "));
            pos = m.end();
        }
        MarkerParser parser = new MarkerParser(tokens);
        return parser.parse() ? parser.extra : null;
    }

    /** Recursive descent over PEP 508's marker grammar: or / and / (expr) / value op value. */
    private static final class MarkerParser {
        private static final Set<String> OPS = Set.of("===", "==", "!=", "~=", "<=", ">=", "<", ">", "in", "not in");
        private final java.util.List<String> tokens;
        private int i;
        boolean extra;

        MarkerParser(java.util.List<String> tokens) {
            this.tokens = tokens;
        }

        boolean parse() {
            return !tokens.isEmpty() && or() && i == tokens.size();
        }

        private boolean or() {
            if (!and()) {
                return false;
            }
            while (peek("or")) {
                i++;
                if (!and()) {
                    return false;
                }
            }
            return true;
        }

        private boolean and() {
            if (!expr()) {
                return false;
            }
            while (peek("and")) {
                i++;
                if (!expr()) {
                    return false;
                }
            }
            return true;
        }

        private boolean expr() {
            if (peek("(")) {
                i++;
                if (!or() || !peek(")")) {
                    return false;
                }
                i++;
                return true;
            }
            if (!value() || i >= tokens.size() || !OPS.contains(tokens.get(i))) {
                return false;
            }
            i++;
            return value();
        }

        private boolean value() {
            if (i >= tokens.size()) {
                return false;
            }
            String t = tokens.get(i);
            if (t.startsWith("'") || t.startsWith("\"")) {
                i++;
                return true;
            }
            if (VARIABLES.contains(t)) {
                extra |= t.equals("extra");
                i++;
                return true;
            }
            return false;
        }

        private boolean peek(String t) {
            return i < tokens.size() && tokens.get(i).equals(t);
        }
    }
}
