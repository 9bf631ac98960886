package org.piwheels.slave;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file links of a PEP 503 project page ({@code <a href="URL#sha256=...">}), and which
 * of them is the sdist of one version. Only what an offline build's fetch needs: the
 * link's absolute URL, its file name (the last path segment, as pip takes it) and its
 * hash fragment.
 */
final class SimpleIndexLinks {
    /** Sdist archive endings pip accepts, most wanted first. */
    static final List<String> SDIST_ENDINGS = List.of(".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar.xz", ".tar");

    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*?href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    /**
     * One link.
     *
     * @param url       absolute, without the fragment
     * @param filename  the last path segment, decoded
     * @param hashName  the fragment's hash name ({@code sha256}), or null
     * @param hashValue the fragment's hex digest, or null
     */
    record Link(URI url, String filename, String hashName, String hashValue) {
    }

    private SimpleIndexLinks() {
    }

    /** @return every link of {@code html}, resolved against {@code page} */
    static List<Link> parse(URI page, String html) {
        List<Link> links = new ArrayList<>();
        Matcher m = ANCHOR.matcher(html);
        while (m.find()) {
            URI url;
            try {
                String href = unescape(m.group(1) != null ? m.group(1) : m.group(2)).strip();
                url = page.resolve(href.replace(" ", "%20"));
            } catch (IllegalArgumentException e) {
                continue; // a link pip could not follow either (a bad URI or character reference)
            }
            String fragment = url.getRawFragment();
            String hashName = null;
            String hashValue = null;
            if (fragment != null && fragment.contains("=")) {
                hashName = fragment.substring(0, fragment.indexOf('=')).toLowerCase(Locale.ROOT);
                hashValue = fragment.substring(fragment.indexOf('=') + 1).toLowerCase(Locale.ROOT);
            }
            String path = url.getRawPath();
            if (path == null || path.isEmpty() || path.endsWith("/")) {
                continue;
            }
            String filename = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            URI bare;
            try {
                bare = new URI(url.getScheme(), url.getRawAuthority() == null ? null : url.getAuthority(), url.getPath(),
                        url.getQuery(), null);
            } catch (java.net.URISyntaxException e) {
                continue;
            }
            links.add(new Link(bare, filename, hashName, hashValue));
        }
        return links;
    }

    /** @return the sdists among {@code links} (any version) */
    static List<Link> sdists(List<Link> links) {
        return links.stream().filter(l -> ending(l.filename()) != null).toList();
    }

    /**
     * @return the sdist of exactly {@code version} of {@code pkg} among {@code links}, the
     * most wanted archive kind first; null when there is none
     */
    static Link sdistOf(List<Link> links, String pkg, String version) {
        Link best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Link l : links) {
            String ending = ending(l.filename());
            if (ending == null || !safeName(l.filename())) {
                continue;
            }
            String stem = l.filename().substring(0, l.filename().length() - ending.length());
            if (names(stem, pkg, version) && SDIST_ENDINGS.indexOf(ending) < bestRank) {
                best = l;
                bestRank = SDIST_ENDINGS.indexOf(ending);
            }
        }
        return best;
    }

    /** Whether {@code stem} is {@code <name>-<version>} for this package (names compared as PEP 503 does). */
    private static boolean names(String stem, String pkg, String version) {
        for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
            if (canonical(stem.substring(0, i)).equals(canonical(pkg))
                    && stem.substring(i + 1).equalsIgnoreCase(version)) {
                return true;
            }
        }
        return false;
    }

    /** The file becomes a name inside the build directory: nothing that could leave it. */
    static boolean safeName(String filename) {
        return !filename.isEmpty() && !filename.startsWith(".") && filename.indexOf('/') < 0
                && filename.indexOf('\\') < 0 && filename.indexOf('\0') < 0;
    }

    private static String ending(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        for (String e : SDIST_ENDINGS) {
            if (lower.endsWith(e)) {
                return e;
            }
        }
        return null;
    }

    /** PEP 503's normalized name. */
    static String canonical(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            String e = m.group(1);
            if (e.startsWith("#x")) {
                out.appendCodePoint(Integer.parseInt(e.substring(2), 16));
            } else if (e.startsWith("#")) {
                out.appendCodePoint(Integer.parseInt(e.substring(1)));
            } else {
                out.append(switch (e) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    default -> "'";
                });
            }
            last = m.end();
        }
        return out.append(s.substring(last)).toString();
    }
}
