package org.piwheels.db;

import org.piwheels.protocol.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything a project page needs, as {@code get_project_data} returns it
 * (spec §3.3). An unknown package has null name and description and no releases.
 *
 * @param name        display name (the alias seen last), or null
 * @param description PyPI summary, or null for an unknown package
 * @param releases    version string to release data
 */
public record ProjectData(@Nullable String name, @Nullable String description, Map<String, Release> releases) {

    /**
     * One version of the project.
     *
     * @param yanked   PEP 592 yank flag
     * @param released when it was released (UTC instant)
     * @param skip     the version's skip reason, else the package's, else empty
     * @param files    file name to file data
     * @param abis     ABI to build status
     */
    public record Release(boolean yanked, Instant released, String skip,
                          Map<String, File> files, Map<String, AbiStatus> abis) {
    }

    /**
     * One wheel of a release.
     *
     * @param location        {@code /simple} or an external archive prefix
     * @param hash            SHA-256, lower-case hex
     * @param size            bytes
     * @param abiBuilder      the building slave's ABI
     * @param abiFile         the wheel's ABI tag
     * @param platform        the wheel's platform tag
     * @param requiresPython  the wheel's Requires-Python, or null
     * @param aptDependencies apt packages needed, minus those preinstalled for the file's ABI
     * @param pipDependencies Python requirements
     * @param coreMetadataHash beyond 0.23 (schema {@code 0.23-j5}): SHA-256 of the wheel's PEP 658
     *                         {@code .metadata} file, or null when none is recorded
     */
    public record File(String location, String hash, long size, String abiBuilder, String abiFile,
                       String platform, @Nullable String requiresPython,
                       Set<String> aptDependencies, Set<String> pipDependencies,
                       @Nullable String coreMetadataHash) {
    }

    /**
     * The build state of a release for one ABI.
     *
     * @param status  {@code success}, {@code fail}, {@code pending}, {@code skip} or {@code error}
     * @param buildId the deciding build, or null
     */
    public record AbiStatus(String status, @Nullable Integer buildId) {
    }
}
