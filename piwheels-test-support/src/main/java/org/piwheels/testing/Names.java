package org.piwheels.testing;

import java.util.Locale;

/** Python package name rules the helpers need. */
public final class Names {
    private Names() {
    }

    /** PEP 503 normalisation: runs of {@code -_.} become one {@code -}, lower case. */
    public static String canonicalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    /** The form used in sdist and wheel file names and module names: {@code -} and {@code .} become {@code _}. */
    public static String underscored(String name) {
        return name.replaceAll("[-_.]+", "_");
    }
}
