package org.piwheels.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release's {@code Requires-Python} (a PEP 440 version specifier set, e.g.
 * {@code ">=3.8, !=3.9.*"}) reduced to what the build queue needs: which CPython
 * minor versions it rules out entirely.
 *
 * <p>A build ABI ({@code cp39}, {@code cp311}, {@code cp34m}) fixes only the
 * interpreter's major and minor version, not its patch level, so a minor version
 * is excluded only if <em>no</em> final release {@code M.m.z} satisfies the
 * specifier: {@code >=3.8.1} does not exclude {@code cp38}. Patch levels 0–99 are
 * tried. Minor versions are encoded {@code major * 100 + minor} (3.11 → 311), the
 * form the database compares with a build ABI (function
 * {@code abi_python_version}). Only Python 2.0–2.7 and 3.0–3.99 are considered;
 * anything else is never excluded.
 *
 * <p>A specifier that does not parse excludes nothing, as pip ignores an invalid
 * {@code Requires-Python}.
 */
public final class RequiresPython {

    private static final int MAX_PATCH = 99;
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([^\\s,;]+)\\s*");
    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+(?:\\.\\d+)*)(\\.\\*)?"
            + "((?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\\d*)?)"
            + "((?:[-_.]?(?:post|rev|r)[-_.]?\\d*|-\\d+)?)"
            + "((?:[-_.]?dev[-_.]?\\d*)?)"
            + "(\\+[a-z0-9.]+)?");

    private final String text;
    private final List<Clause> clauses;

    private RequiresPython(String text, List<Clause> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /**
     * @param text a Requires-Python value as PyPI gives it (null or blank means no constraint)
     * @return the parsed specifier; an invalid one constrains nothing
     */
    public static RequiresPython parse(String text) {
        String spec = text == null ? "" : text.trim();
        List<Clause> clauses = new ArrayList<>();
        if (spec.isEmpty()) {
            return new RequiresPython(spec, clauses);
        }
        for (String part : spec.split(",", -1)) {
            Clause clause = Clause.parse(part.toLowerCase(Locale.ROOT));
            if (clause == null) {
                return new RequiresPython(spec, List.of());
            }
            clauses.add(clause);
        }
        return new RequiresPython(spec, clauses);
    }

    /** The specifier as given (trimmed). */
    public String text() {
        return text;
    }

    /** @return false if the specifier was empty or invalid: it then excludes nothing */
    public boolean constrains() {
        return !clauses.isEmpty();
    }

    /** @return whether some final release {@code major.minor.z} satisfies the specifier */
    public boolean allowsMinor(int major, int minor) {
        for (int patch = 0; patch <= MAX_PATCH; patch++) {
            if (allows(new int[] {major, minor, patch})) {
                return true;
            }
        }
        return false;
    }

    /** @return the excluded CPython minor versions as {@code major * 100 + minor}, ascending */
    public SortedSet<Integer> excludedPythons() {
        SortedSet<Integer> excluded = new TreeSet<>();
        if (!constrains()) {
            return excluded;
        }
        for (int minor = 0; minor <= 7; minor++) {
            if (!allowsMinor(2, minor)) {
                excluded.add(200 + minor);
            }
        }
        for (int minor = 0; minor <= 99; minor++) {
            if (!allowsMinor(3, minor)) {
                excluded.add(300 + minor);
            }
        }
        return excluded;
    }

    private boolean allows(int[] candidate) {
        for (Clause c : clauses) {
            if (!c.allows(candidate)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    /** One {@code <operator><version>} of the set. */
    private record Clause(String op, int[] release, boolean wildcard, int tiebreak, String raw) {

        /**
         * @return null if not a valid clause. {@code tiebreak} orders a final release
         *         against a version with the same release numbers: a pre- or dev-release
         *         sorts before it (+1: the final is greater), a post-release after (-1).
         */
        static Clause parse(String text) {
            Matcher m = CLAUSE.matcher(text);
            if (!m.matches()) {
                return null;
            }
            String op = m.group(1);
            String version = m.group(2);
            if (op.equals("===")) {
                return new Clause(op, new int[0], false, 0, version);
            }
            Matcher v = VERSION.matcher(version);
            if (!v.matches()) {
                return null;
            }
            boolean wildcard = v.group(2) != null;
            boolean pre = !v.group(3).isEmpty() || !v.group(5).isEmpty();
            boolean post = !v.group(4).isEmpty();
            if (wildcard && !(op.equals("==") || op.equals("!="))) {
                return null;
            }
            if (wildcard && (pre || post || v.group(6) != null)) {
                return null;
            }
            String[] parts = v.group(1).split("\\.");
            if (op.equals("~=") && parts.length < 2) {
                return null;
            }
            int[] release = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    release[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    return null; // absurdly long number
                }
            }
            int tiebreak = pre && !post ? 1 : post ? -1 : 0;
            return new Clause(op, release, wildcard, tiebreak, version);
        }

        boolean allows(int[] candidate) {
            return switch (op) {
                case "===" -> raw.equals(candidate[0] + "." + candidate[1] + "." + candidate[2]);
                case "==" -> wildcard ? prefixMatches(candidate, release) : compare(candidate) == 0;
                case "!=" -> wildcard ? !prefixMatches(candidate, release) : compare(candidate) != 0;
                case "<=" -> compare(candidate) <= 0;
                case ">=" -> compare(candidate) >= 0;
                case "<" -> compare(candidate) < 0;
                case ">" -> compare(candidate) > 0;
                case "~=" -> compare(candidate) >= 0
                        && prefixMatches(candidate, java.util.Arrays.copyOf(release, release.length - 1));
                default -> throw new IllegalStateException(op);
            };
        }

        /** Sign of candidate − version, releases padded with zeros. */
        private int compare(int[] candidate) {
            int n = Math.max(candidate.length, release.length);
            for (int i = 0; i < n; i++) {
                int a = i < candidate.length ? candidate[i] : 0;
                int b = i < release.length ? release[i] : 0;
                if (a != b) {
                    return Integer.compare(a, b);
                }
            }
            return tiebreak;
        }

        private static boolean prefixMatches(int[] candidate, int[] prefix) {
            for (int i = 0; i < prefix.length; i++) {
                int a = i < candidate.length ? candidate[i] : 0;
                if (a != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
