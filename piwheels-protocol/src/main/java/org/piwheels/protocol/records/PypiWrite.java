package org.piwheels.protocol.records;

import java.time.Instant;
import org.piwheels.protocol.Nullable;

/**
 * One database write of the PyPI follower, named by the database request it
 * stands for, so that a whole batch of them can be applied in one transaction
 * (beyond 0.23; internal to the master). The arguments are those of the request:
 * <ul>
 *   <li>{@code NEWPKG}: first = skip, second = description</li>
 *   <li>{@code NEWPKGNAME}: first = name, at = seen (null: 1970)</li>
 *   <li>{@code NEWVER}: first = version, second = skip, at = released</li>
 *   <li>{@code SETDESC}: first = description</li>
 *   <li>{@code SETREQPY}: first = version, second = specifier</li>
 *   <li>{@code SKIPPKG}: first = reason; {@code SKIPVER}: first = version, second = reason</li>
 *   <li>{@code DELPKG}; {@code DELVER}, {@code YANKVER}, {@code UNYANKVER}: first = version</li>
 * </ul>
 *
 * @param action      the request's name, e.g. {@code NEWVER}
 * @param packageName the canonical package name
 * @param first       the first argument after the package, if any
 * @param second      the second argument after the package, if any
 * @param at          the request's timestamp, if it has one
 */
public record PypiWrite(String action, String packageName, @Nullable String first, @Nullable String second,
                        @Nullable Instant at) {

    public static PypiWrite newPackage(String pkg, String skip, String description) {
        return new PypiWrite("NEWPKG", pkg, skip, description, null);
    }

    public static PypiWrite newPackageName(String pkg, String name, @Nullable Instant seen) {
        return new PypiWrite("NEWPKGNAME", pkg, name, null, seen);
    }

    public static PypiWrite newVersion(String pkg, String version, String skip, @Nullable Instant released) {
        return new PypiWrite("NEWVER", pkg, version, skip, released);
    }

    public static PypiWrite setDescription(String pkg, String description) {
        return new PypiWrite("SETDESC", pkg, description, null, null);
    }

    public static PypiWrite setRequiresPython(String pkg, String version, @Nullable String spec) {
        return new PypiWrite("SETREQPY", pkg, version, spec, null);
    }

    public static PypiWrite skipPackage(String pkg, String reason) {
        return new PypiWrite("SKIPPKG", pkg, reason, null, null);
    }

    public static PypiWrite skipVersion(String pkg, String version, String reason) {
        return new PypiWrite("SKIPVER", pkg, version, reason, null);
    }

    public static PypiWrite deletePackage(String pkg) {
        return new PypiWrite("DELPKG", pkg, null, null, null);
    }

    public static PypiWrite deleteVersion(String pkg, String version) {
        return new PypiWrite("DELVER", pkg, version, null, null);
    }

    public static PypiWrite yankVersion(String pkg, String version) {
        return new PypiWrite("YANKVER", pkg, version, null, null);
    }

    public static PypiWrite unyankVersion(String pkg, String version) {
        return new PypiWrite("UNYANKVER", pkg, version, null, null);
    }
}
