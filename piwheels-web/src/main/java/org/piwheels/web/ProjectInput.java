package org.piwheels.web;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.protocol.Nullable;

/**
 * Everything the site needs about one package: the web module's own view of
 * {@code get_project_data} plus the package's aliases (web spec §6.1, §4.3).
 * The master maps the database's records onto this, so the web module does not
 * depend on the database module.
 *
 * @param canonicalName the PEP 503 name (directories, URLs, JSON {@code package})
 * @param displayName   the alias seen last, or null to use the canonical name
 * @param summary       the PyPI summary, may be empty
 * @param releases      every version in the database, in any order
 * @param aliases       every other spelling of the name (the canonical one is ignored if present)
 */
public record ProjectInput(String canonicalName, @Nullable String displayName, String summary,
                           List<Release> releases, List<String> aliases) {

    public ProjectInput {
        PackageNames.requireSafePathComponent(canonicalName);
        summary = summary == null ? "" : summary;
        releases = List.copyOf(releases);
        aliases = List.copyOf(aliases);
    }

    /** @return the title of the project page: the display name, else the canonical name */
    public String title() {
        return displayName == null || displayName.isEmpty() ? canonicalName : displayName;
    }

    /**
     * One version of the package.
     *
     * @param version    the original version string, as PyPI gives it
     * @param yanked     PEP 592 yank flag (per version in piwheels)
     * @param released   release time
     * @param skipReason the version's skip reason, else the package's, else empty
     * @param files      the wheels, in any order
     * @param abis       ABI tag to build status; iteration order decides the order of unknown ABIs
     */
    public record Release(String version, boolean yanked, Instant released, String skipReason,
                          List<WheelFile> files, Map<String, AbiBuild> abis) {
        public Release {
            skipReason = skipReason == null ? "" : skipReason;
            files = List.copyOf(files);
            abis = Collections.unmodifiableMap(new LinkedHashMap<>(abis));
        }
    }

    /**
     * One wheel.
     *
     * @param filename           the wheel's file name, original spelling
     * @param location           {@code /simple} or an external archive URL prefix
     * @param sha256             lower-case hex SHA-256 from the database
     * @param size               bytes
     * @param builderAbi         ABI of the builder that made it
     * @param fileAbi            ABI tag in the file name
     * @param platform           platform tag in the file name
     * @param requiresPython     Requires-Python, or null
     * @param aptDependencies    apt packages it needs (preinstalled ones already removed)
     * @param pipDependencies    Python requirements
     * @param uploadTime         when it entered the index (PEP 700 {@code upload-time}), or null if unknown
     * @param coreMetadataSha256 SHA-256 of the {@code <filename>.metadata} file (PEP 658), or null when there is none
     */
    public record WheelFile(String filename, String location, String sha256, long size, String builderAbi,
                            String fileAbi, String platform, @Nullable String requiresPython,
                            Set<String> aptDependencies, Set<String> pipDependencies,
                            @Nullable Instant uploadTime, @Nullable String coreMetadataSha256) {
        public WheelFile {
            PackageNames.requireSafePathComponent(filename);
            location = location == null || location.isEmpty() ? "/simple" : location;
            aptDependencies = Set.copyOf(aptDependencies);
            pipDependencies = Set.copyOf(pipDependencies);
        }

        /**
         * @param canonicalName the package's canonical name
         * @return {@code <location>/<canonical>/<filename>}, without a hash fragment
         */
        public String url(String canonicalName) {
            String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
            return base + "/" + canonicalName + "/" + filename;
        }

        /** @return whether the wheel lives in this site's {@code simple/} tree */
        public boolean isLocal() {
            return "/simple".equals(location) || "/simple/".equals(location);
        }
    }

    /**
     * The build state of a release for one ABI.
     *
     * @param status  {@code success}, {@code fail}, {@code skip}, {@code pending} or {@code error}
     * @param buildId the deciding build, or null
     */
    public record AbiBuild(String status, @Nullable Long buildId) {
    }
}
