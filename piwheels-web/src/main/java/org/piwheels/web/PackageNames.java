package org.piwheels.web;


/** PEP 503 name normalisation (web spec §4.1). */
public final class PackageNames {

    private PackageNames() {
    }

    /**
     * @param name any spelling of a package name
     * @return the canonical form: runs of {@code -_.} become one {@code -}, lower case
     */
    public static String canonicalise(String name) {
        return org.piwheels.protocol.PackageNames.canonicalize(name);
    }

    /**
     * Rejects names that could escape the output root when used as a path
     * component. Canonical names never contain these characters, so a name that
     * does is a bug or an attack, not data.
     *
     * @param name a package name or alias about to become a file name
     * @return the name, unchanged
     * @throws IllegalArgumentException if it is empty, {@code .}/{@code ..} or contains a slash or NUL
     */
    public static String requireSafePathComponent(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not usable as a file name: " + name);
        }
        return name;
    }
}
