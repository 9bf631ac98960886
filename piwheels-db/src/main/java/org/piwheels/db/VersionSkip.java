package org.piwheels.db;

/**
 * A version the database holds, with its skip reason.
 *
 * @param packageName canonical package name
 * @param version     version string
 * @param skip        the skip reason, {@code ""} if none
 */
public record VersionSkip(String packageName, String version, String skip) {
}
