package org.piwheels.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PEP 503 package-name normalisation, as {@code packaging.utils.canonicalize_name}
 * does it: the one spelling under which a package is stored, queued and served.
 */
public final class PackageNames {
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {
    }

    /**
     * @param name any spelling of a package name
     * @return the canonical form: each run of {@code -}, {@code _} and {@code .} becomes
     *         one {@code -}, and letters become lower case
     */
    public static String canonicalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
