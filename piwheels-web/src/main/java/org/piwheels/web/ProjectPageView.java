package org.piwheels.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.piwheels.protocol.Nullable;

/**
 * The view model of {@code project/<pkg>/index.html} (web spec §5.7). Every
 * value the template prints is computed here.
 *
 * @param canonical      canonical name ({@code data-package}, URLs)
 * @param displayName    page title
 * @param summary        PyPI summary
 * @param installCommand text of {@code pre#install-command}
 * @param pipDeps        links of {@code ul#pipdeps}
 * @param versionsCount  number of releases, formatted
 * @param filesCount     number of files, formatted
 * @param pypiUrl        the package on PyPI
 * @param jsonUrl        the project JSON
 * @param abiColumns     table columns between Released and Files
 * @param releases       newest first
 * @param colspan        width of the files row
 * @param issuesSearchUrl GitHub issue search
 * @param missingIssueUrl new-issue form for a missing package
 * @param otherIssueUrl  new-issue form for other problems
 * @param updated        {@code Page last updated …} text
 */
public record ProjectPageView(String canonical, String displayName, String summary, String installCommand,
                              List<Dependency> pipDeps, String versionsCount, String filesCount,
                              String pypiUrl, String jsonUrl, List<AbiColumn> abiColumns, List<ReleaseRow> releases,
                              int colspan, String issuesSearchUrl, String missingIssueUrl, String otherIssueUrl,
                              String updated) {

    /** @param name requirement name @param url its project page */
    public record Dependency(String name, String url) {
    }

    /** @param abi tag @param codename OS release (or {@code Unknown}) @param python Python label (or the tag) */
    public record AbiColumn(String abi, String codename, String python) {
    }

    /**
     * @param cssClass status class
     * @param title    tooltip
     * @param logUrl   build log, or null
     * @param logLabel accessible name of the log link
     */
    public record Cell(String cssClass, String title, @Nullable String logUrl, String logLabel) {
    }

    /**
     * @param url      link with {@code #sha256=} fragment
     * @param filename wheel name
     * @param size     formatted size
     * @param aptDeps  space-separated apt packages
     * @param pipDeps  space-separated pip requirements
     * @param version  the release's version, for the per-file install command
     */
    public record FileRow(String url, String filename, String size, String aptDeps, String pipDeps, String version) {
    }

    /**
     * @param version      original version string
     * @param prerelease   whether PEP 440 calls it a pre-release
     * @param yanked       whether yanked
     * @param releasedDate {@code YYYY-MM-DD}
     * @param releasedFull {@code YYYY-MM-DD HH:MM:SS UTC}
     * @param cells        one per ABI column
     * @param files        wheels, by file name
     */
    public record ReleaseRow(String version, boolean prerelease, boolean yanked, String releasedDate,
                             String releasedFull, List<Cell> cells, List<FileRow> files) {
        /** @return whether the release has any files */
        public boolean hasFiles() {
            return !files.isEmpty();
        }
    }

    /** @return whether the releases table is shown */
    public boolean hasReleases() {
        return !releases.isEmpty();
    }

    /** @return whether any pip dependency is listed */
    public boolean hasPipDeps() {
        return !pipDeps.isEmpty();
    }

    static ProjectPageView of(ProjectReleases sorted, String baseUrl, Instant now) {
        ProjectInput project = sorted.project();
        String pkg = project.canonicalName();
        List<String> abis = sorted.abis();
        List<AbiColumn> columns = abis.stream()
                .map(a -> new AbiColumn(a, AbiColumns.codename(a), AbiColumns.python(a))).toList();
        List<ReleaseRow> rows = new ArrayList<>(sorted.releases().size());
        int files = 0;
        for (ProjectReleases.Entry r : sorted.releases()) {
            files += r.files().size();
            rows.add(releaseRow(pkg, r, columns));
        }
        Optional<ProjectInput.WheelFile> chosen = sorted.dependencySource();
        List<String> apt = chosen.map(f -> sortedList(f.aptDependencies())).orElse(List.of());
        List<String> pip = chosen.map(f -> sortedList(f.pipDependencies())).orElse(List.of());
        String install = (apt.isEmpty() ? "" : "sudo apt install " + String.join(" ", apt) + "\n") + "pip3 install " + pkg;
        String title = project.title();
        return new ProjectPageView(pkg, title, project.summary(), install,
                pip.stream().map(d -> new Dependency(d, "/project/" + d + "/")).toList(),
                Formats.thousands(sorted.releases().size()), Formats.thousands(files),
                "https://pypi.org/project/" + pkg, "/project/" + pkg + "/json",
                columns, rows, abis.size() + 3,
                "https://github.com/piwheels/packages/issues?q=is:issue+is:open+" + encode(pkg),
                issueUrl("missing-package.yml", "Missing package: " + title, "missing package", pkg, baseUrl),
                issueUrl("package.yml", "Problem with package: " + title, "package issue", pkg, baseUrl),
                "Page last updated " + Formats.dateTime(now) + " UTC");
    }

    private static ReleaseRow releaseRow(String pkg, ProjectReleases.Entry entry, List<AbiColumn> columns) {
        ProjectInput.Release r = entry.release();
        List<Cell> cells = new ArrayList<>(columns.size());
        for (AbiColumn column : columns) {
            String abi = column.abi();
            ProjectInput.AbiBuild b = r.abis().get(abi);
            String status = b == null ? "error" : b.status();
            String title = switch (status) {
                case "success" -> "Build succeeded";
                case "fail" -> "Build failed";
                case "skip" -> "Skipped: " + r.skipReason();
                case "pending" -> "Build pending";
                default -> "Unexpected error";
            };
            String css = switch (status) {
                case "success", "fail", "skip", "pending" -> status;
                default -> "error";
            };
            String log = b == null || b.buildId() == null ? null : BuildLogPaths.url(b.buildId());
            cells.add(new Cell(css, title, log,
                    "Build log of " + r.version() + " for " + column.codename() + " (" + abi + ")"));
        }
        List<FileRow> fileRows = new ArrayList<>(entry.files().size());
        for (ProjectInput.WheelFile f : entry.files()) {
            fileRows.add(new FileRow(f.url(pkg) + "#sha256=" + f.sha256(), f.filename(), Formats.fileSize(f.size()),
                    joinSorted(f.aptDependencies()), joinSorted(f.pipDependencies()), r.version()));
        }
        return new ReleaseRow(r.version(), entry.prerelease(), r.yanked(),
                Formats.date(r.released()), Formats.dateTime(r.released()) + " UTC", cells, fileRows);
    }

    private static String issueUrl(String template, String title, String labels, String pkg, String baseUrl) {
        return "https://github.com/piwheels/packages/issues/new?template=" + encode(template)
                + "&title=" + encode(title) + "&labels=" + encode(labels) + "&package=" + encode(pkg)
                + "&pypi_url=" + encode("https://pypi.org/project/" + pkg + "/")
                + "&piwheels_url=" + encode(baseUrl + "/project/" + pkg + "/");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> sortedList(Set<String> set) {
        return set.stream().sorted().toList();
    }

    private static String joinSorted(Set<String> set) {
        if (set.isEmpty()) {
            return "";
        }
        if (set.size() == 1) {
            return set.iterator().next();
        }
        String[] items = set.toArray(new String[0]);
        Arrays.sort(items);
        return String.join(" ", items);
    }
}
