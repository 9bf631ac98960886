package org.piwheels.protocol.records;

/**
 * A package version to build, as queued per ABI and handed out in {@code BUILD}.
 *
 * @param packageName canonical package name
 * @param version     version string
 */
public record BuildRequest(String packageName, String version) {
}
