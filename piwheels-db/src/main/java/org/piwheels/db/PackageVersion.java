package org.piwheels.db;

/**
 * One row of {@code versions} as a key: a canonical package name and a version string.
 *
 * @param packageName canonical package name
 * @param version     version string as PyPI gives it
 */
public record PackageVersion(String packageName, String version) {
}
