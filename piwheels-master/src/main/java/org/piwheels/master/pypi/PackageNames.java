package org.piwheels.master.pypi;

import java.util.Locale;
import java.util.regex.Pattern;

/** PEP 503 name normalisation, as {@code canonicalize_name} does it. */
public final class PackageNames {

    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {
    }

    /** Runs of {@code -}, {@code _} and {@code .} become one {@code -}; letters become lower case. */
    public static String canonicalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
