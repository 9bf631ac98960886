package org.piwheels.web;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A package's releases in page order (newest first, web spec §6.2), each with
 * its files sorted by name and its pre-release flag: worked out once per write
 * and shared by the project page, the project JSON and both simple documents,
 * which used to sort and parse the versions once each.
 *
 * @param project  the package
 * @param releases newest first
 * @param abis     the ABI columns of the whole package (§6.4)
 */
record ProjectReleases(ProjectInput project, List<Entry> releases, List<String> abis) {

    /**
     * @param release    the release
     * @param prerelease whether PEP 440 calls its version a pre-release
     * @param files      its wheels, by file name, so output does not depend on database order
     */
    record Entry(ProjectInput.Release release, boolean prerelease, List<ProjectInput.WheelFile> files) {
    }

    static ProjectReleases of(ProjectInput project) {
        // each version is parsed once, not once per comparison
        record Keyed(ProjectInput.Release release, Pep440Version parsed) {
        }
        Comparator<Keyed> oldestFirst = Comparator.comparing(Keyed::parsed,
                        Comparator.nullsFirst(Comparator.<Pep440Version>naturalOrder()))
                .thenComparing(k -> k.release().version());
        List<Entry> entries = project.releases().stream()
                .map(r -> new Keyed(r, Pep440Version.parse(r.version()).orElse(null)))
                .sorted(oldestFirst.reversed())
                .map(k -> new Entry(k.release(), k.parsed() != null && k.parsed().isPrerelease(),
                        k.release().files().stream()
                                .sorted(Comparator.comparing(ProjectInput.WheelFile::filename)).toList()))
                .toList();
        return new ProjectReleases(project, entries,
                AbiColumns.columns(entries.stream().map(Entry::release).toList()));
    }

    /** @return the package's canonical name */
    String canonicalName() {
        return project.canonicalName();
    }

    /** The newest final, unyanked release with a file decides the dependencies shown on top (§6.5). */
    Optional<ProjectInput.WheelFile> dependencySource() {
        return releases.stream()
                .filter(e -> !e.release().yanked() && !e.prerelease() && !e.files().isEmpty())
                .findFirst()
                .map(e -> e.files().get(0));
    }
}
