package org.piwheels.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.piwheels.protocol.Nullable;

/** View models of the PEP 503 pages {@code simple/index.html} and {@code simple/<pkg>/index.html} (web spec §5.5, §5.6). */
final class SimplePageViews {
    /** PEP 629 version; 1.1 because the JSON form carries the PEP 700 fields. */
    static final String REPOSITORY_VERSION = "1.1";

    private SimplePageViews() {
    }

    /**
     * @param projects  one link per package, sorted
     * @param generated trailing timestamp comment
     * @param repositoryVersion PEP 629 version
     */
    record IndexView(List<ProjectLink> projects, String generated, String repositoryVersion) {
    }

    /** @param name canonical name @param href relative link with trailing slash */
    record ProjectLink(String name, String href) {
    }

    /**
     * @param name      canonical name
     * @param files     every file link, newest version first
     * @param generated trailing timestamp comment
     * @param repositoryVersion PEP 629 version
     */
    record ProjectView(String name, List<FileLink> files, String generated, String repositoryVersion) {
    }

    /**
     * @param href           URL with {@code #sha256=} fragment
     * @param filename       anchor text
     * @param yanked         whether to write {@code data-yanked}
     * @param requiresPython value of {@code data-requires-python}, or null to leave it out
     * @param coreMetadata   hex hash of the PEP 658 metadata file, or null to leave the attributes out
     */
    record FileLink(String href, String filename, boolean yanked, @Nullable String requiresPython,
                    @Nullable String coreMetadata) {
    }

    static IndexView index(Collection<String> packages, Instant now) {
        List<ProjectLink> links = packages.stream().sorted().map(p -> new ProjectLink(p, p + "/")).toList();
        return new IndexView(links, Formats.isoMicros(now), REPOSITORY_VERSION);
    }

    static ProjectView project(ProjectReleases sorted, Instant now) {
        String pkg = sorted.canonicalName();
        List<FileLink> links = new ArrayList<>();
        for (ProjectReleases.Entry e : sorted.releases()) {
            ProjectInput.Release r = e.release();
            for (ProjectInput.WheelFile f : e.files()) {
                String rp = f.requiresPython() == null || f.requiresPython().isEmpty() ? null : f.requiresPython();
                links.add(new FileLink(f.url(pkg) + "#sha256=" + f.sha256(), f.filename(), r.yanked(), rp,
                        f.coreMetadataSha256()));
            }
        }
        return new ProjectView(pkg, links, Formats.isoMicros(now), REPOSITORY_VERSION);
    }
}
