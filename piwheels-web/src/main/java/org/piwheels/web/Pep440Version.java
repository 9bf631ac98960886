package org.piwheels.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed PEP 440 version, enough to order releases and to spot pre-releases
 * (web spec §6.2). Strings that do not parse are "legacy" versions: they sort
 * below every PEP 440 version and are never pre-releases.
 */
public final class Pep440Version implements Comparable<Pep440Version> {
    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    /** Orders version strings newest first, legacy ones last, ties by the plain string. */
    public static final Comparator<String> NEWEST_FIRST = Comparator
            .comparing((String v) -> parse(v).orElse(null), Comparator.nullsFirst(Comparator.<Pep440Version>naturalOrder()))
            .thenComparing(Comparator.naturalOrder())
            .reversed();

    private final BigInteger epoch;
    private final List<BigInteger> release;
    private final String preLabel;
    private final BigInteger preNumber;
    private final BigInteger post;
    private final BigInteger dev;
    private final List<String> local;

    private Pep440Version(BigInteger epoch, List<BigInteger> release, String preLabel, BigInteger preNumber,
                          BigInteger post, BigInteger dev, List<String> local) {
        this.epoch = epoch;
        this.release = release;
        this.preLabel = preLabel;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    /**
     * @param text a version string
     * @return the parsed version, or empty for a legacy (non PEP 440) version
     */
    public static Optional<Pep440Version> parse(String text) {
        Matcher m = PATTERN.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigInteger epoch = m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            release.add(new BigInteger(part));
        }
        // Trailing zeros do not count: 1.0 == 1.0.0.
        while (release.size() > 1 && release.get(release.size() - 1).signum() == 0) {
            release.remove(release.size() - 1);
        }
        String preLabel = null;
        BigInteger preNumber = null;
        if (m.group("pre") != null) {
            preLabel = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
                case "alpha", "a" -> "a";
                case "beta", "b" -> "b";
                default -> "rc";
            };
            preNumber = number(m.group("pren"));
        }
        BigInteger post = null;
        if (m.group("post") != null) {
            post = number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2"));
        }
        BigInteger dev = m.group("dev") == null ? null : number(m.group("devn"));
        List<String> local = m.group("local") == null ? List.of()
                : List.of(m.group("local").toLowerCase(Locale.ROOT).split("[-_.]"));
        return Optional.of(new Pep440Version(epoch, List.copyOf(release), preLabel, preNumber, post, dev, local));
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    /**
     * @param text a version string
     * @return whether it is a PEP 440 pre-release or development release
     */
    public static boolean isPrerelease(String text) {
        return parse(text).map(Pep440Version::isPrerelease).orElse(false);
    }

    /** @return whether this is a pre-release or development release */
    public boolean isPrerelease() {
        return preLabel != null || dev != null;
    }

    /**
     * @param a a version string
     * @param b another
     * @return whether both are the same PEP 440 version ({@code 1.0} and {@code 1.0.0}),
     *         or, for legacy versions, the same string
     */
    public static boolean sameVersion(String a, String b) {
        Optional<Pep440Version> va = parse(a);
        Optional<Pep440Version> vb = parse(b);
        if (va.isPresent() && vb.isPresent()) {
            return va.get().compareTo(vb.get()) == 0;
        }
        return a.equals(b);
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = epoch.compareTo(o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareRelease(release, o.release);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(preRank(), o.preRank());
        if (c != 0) {
            return c;
        }
        if (preLabel != null) {
            c = preLabel.compareTo(o.preLabel);
            if (c != 0) {
                return c;
            }
            c = preNumber.compareTo(o.preNumber);
            if (c != 0) {
                return c;
            }
        }
        c = compareMissingLow(post, o.post);
        if (c != 0) {
            return c;
        }
        c = compareMissingHigh(dev, o.dev);
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    /** A bare .devN sorts before any pre-release of the same release; no pre-release sorts after all of them. */
    private int preRank() {
        if (preLabel == null && post == null && dev != null) {
            return 0;
        }
        return preLabel != null ? 1 : 2;
    }

    private static int compareRelease(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareMissingLow(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static int compareMissingHigh(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    /** Numeric local segments sort above alphanumeric ones; a longer local version wins a tie. */
    private static int compareLocal(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xn = x.chars().allMatch(Character::isDigit);
            boolean yn = y.chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = new BigInteger(x).compareTo(new BigInteger(y));
            } else if (xn != yn) {
                c = xn ? 1 : -1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return epoch.hashCode() * 31 + release.hashCode();
    }
}
