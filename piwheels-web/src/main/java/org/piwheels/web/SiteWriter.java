package org.piwheels.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the static web site and pip index under the output root: the
 * {@code SiteWriter} of the design (TheScribe in 0.23). It takes data and
 * writes files; it never talks to the database or the network. One method per
 * page request of {@code WebProtocol}:
 *
 * <pre>
 * HOME    → {@link #writeHome}         SEARCH → {@link #writeSearchIndex}   LOG → {@link #writeLog}
 * PROJECT → {@link #writeProjectPage}  BOTH   → {@link #writeBoth}
 * DELVER  → {@link #deleteVersion}     DELPKG → {@link #deletePackage}
 * </pre>
 *
 * Call {@link #start} once before anything else. Every public method is
 * synchronised, which gives the serialisation web spec §3.7 requires.
 */
public final class SiteWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SiteWriter.class);
    private static final Pattern NUMBERED_SITEMAP = Pattern.compile("sitemap([0-9]+)\\.xml");

    private final SiteConfig config;
    private final Clock clock;
    private final Path root;
    private final Path simple;
    private final Path project;
    private final AtomicFileWriter files;
    private final TemplateRenderer templates = new TemplateRenderer();
    /** Renders the parts of one request on more than one core. */
    private final ParallelParts parts = ParallelParts.forThisMachine();
    private final BuildLogWriter logs;
    /** The package cache: every package the simple root lists (web spec §4.4). */
    private final Set<String> packages = new TreeSet<>();

    /**
     * @param config where and how to write
     * @param clock  source of the time stamps on pages
     */
    public SiteWriter(SiteConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.root = config.outputRoot();
        this.simple = root.resolve("simple");
        this.project = root.resolve("project");
        this.files = new AtomicFileWriter(config.fsync());
        this.logs = new BuildLogWriter(root);
    }

    /**
     * Prepares the output root (web spec §2.4): creates {@code simple/} and
     * {@code project/}, removes temporary files a crash left behind and legacy
     * {@code simple/<alias>} symlinks, copies the static assets, writes the
     * static pages and {@code robots.txt}, and writes the simple root if it is
     * missing.
     *
     * @param knownPackages every canonical package name in the database
     */
    public synchronized void start(Collection<String> knownPackages) {
        // The top-level directories may be symlinks to other disks; unlike package directories they are kept.
        OutputDirectories.createDirectories(root);
        OutputDirectories.createDirectories(simple);
        OutputDirectories.createDirectories(project);
        removeLeftoverTempFiles();
        OutputDirectories.deleteAllSymlinks(simple);
        StaticAssets.copyAll(root, files);
        writeStaticPages();
        packages.clear();
        packages.addAll(knownPackages);
        if (!Files.exists(simple.resolve("index.html")) || !Files.exists(simple.resolve(SimpleJson.FILE_NAME))) {
            writeSimpleIndex();
        }
    }

    /** @return a copy of the package cache */
    public synchronized Set<String> knownPackages() {
        return Set.copyOf(packages);
    }

    /**
     * {@code HOME}: rewrites {@code index.html}, then the sitemaps, deleting
     * numbered sitemaps the package count no longer needs.
     *
     * @param stats the master's statistics
     * @param posts latest blog posts (may be empty; the section is then left out)
     */
    public synchronized void writeHome(MasterStats stats, List<BlogPost> posts) {
        Instant now = clock.instant();
        HomePageView view = HomePageView.of(stats, posts, config.baseUrl(), now);
        LayoutView layout = layout("Home", "Home",
                "Python package repository providing wheels (pre-built binaries) for Raspberry Pi",
                true, config.baseUrl() + "/", null, "home", List.of());
        writeText(root.resolve("index.html"), templates.render("home", layout, view));
        Map<String, String> sitemaps = Sitemaps.render(packages, config.baseUrl(), now);
        sitemaps.forEach((name, xml) -> writeText(root.resolve(name), xml));
        deleteSurplusSitemaps(Sitemaps.chunkCount(packages.size()));
    }

    /**
     * {@code SEARCH}: rewrites {@code packages.json}, then the per-prefix
     * download-count shards under {@code stats/} that project pages read,
     * deleting shards no package maps to any more.
     *
     * @param downloads every package in the database with its download counts
     */
    public synchronized void writeSearchIndex(Map<String, DownloadCounts> downloads) {
        files.write(root.resolve("packages.json"), SearchIndexJson.document(downloads));
        Path stats = root.resolve(DownloadShards.DIRECTORY);
        OutputDirectories.createDirectories(stats);
        Map<String, Map<String, DownloadCounts>> shards = DownloadShards.shards(downloads);
        Set<String> names = new TreeSet<>();
        shards.forEach((prefix, doc) -> {
            String name = prefix + ".json";
            names.add(name);
            files.write(stats.resolve(name), DownloadShards.document(doc));
        });
        try (DirectoryStream<Path> old = Files.newDirectoryStream(stats, "*.json")) {
            for (Path p : old) {
                if (!names.contains(p.getFileName().toString())) {
                    OutputDirectories.deleteFile(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for old shards: {}", stats, e.toString());
        }
    }

    /**
     * {@code LOG}: writes a build's log once, gzip-compressed.
     *
     * @param buildId the build (below 10^12)
     * @param text    its output
     * @return false if the log already existed and was kept
     */
    public synchronized boolean writeLog(long buildId, String text) {
        return logs.write(buildId, text);
    }

    /**
     * {@code PROJECT}: rewrites the project page and the project JSON, and adds
     * missing alias symlinks.
     *
     * @param data the package as the database has it
     */
    public synchronized void writeProjectPage(ProjectInput data) {
        ProjectReleases sorted = ProjectReleases.of(data);
        Instant now = clock.instant();
        Path dir = projectDirectory(sorted);
        parts.run(() -> writeProjectHtml(sorted, dir, now), () -> writeProjectJson(sorted, dir));
        writeAliases(data);
    }

    /**
     * {@code BOTH}: rewrites the simple page (HTML and PEP 691 JSON), then the
     * project page and JSON. A package new to the cache is added and the simple
     * root rewritten first. The project page and its JSON are rendered and
     * written on a helper thread while this thread writes the simple pair.
     *
     * @param data the package as the database has it
     */
    public synchronized void writeBoth(ProjectInput data) {
        String pkg = data.canonicalName();
        if (packages.add(pkg)) {
            writeSimpleIndex();
        }
        Path simpleDir = simple.resolve(pkg);
        OutputDirectories.ensureDirectory(simpleDir);
        Instant now = clock.instant();
        ProjectReleases sorted = ProjectReleases.of(data);
        Path projectDir = projectDirectory(sorted);
        // the project page and its JSON cost about as much as the two simple documents (profiled)
        parts.run(() -> {
            writeProjectHtml(sorted, projectDir, now);
            writeProjectJson(sorted, projectDir);
        }, () -> {
            writeText(simpleDir.resolve("index.html"),
                    templates.render("simple-project", SimplePageViews.project(sorted, now)));
            files.write(simpleDir.resolve(SimpleJson.FILE_NAME), SimpleJson.project(sorted));
        });
        writeAliases(data);
    }

    private Path projectDirectory(ProjectReleases sorted) {
        Path dir = project.resolve(sorted.canonicalName());
        OutputDirectories.ensureDirectory(dir);
        OutputDirectories.ensureDirectory(dir.resolve("json"));
        return dir;
    }

    private void writeProjectHtml(ProjectReleases sorted, Path dir, Instant now) {
        ProjectInput data = sorted.project();
        String pkg = data.canonicalName();
        ProjectPageView view = ProjectPageView.of(sorted, config.baseUrl(), now);
        String canonicalUrl = config.baseUrl() + "/project/" + pkg + "/";
        String description = "The piwheels project page for " + data.title() + ": " + data.summary();
        LayoutView layout = layout(data.title(), data.title(), description, true, canonicalUrl, canonicalUrl,
                "project", List.of("/shade.js", "/project.js"));
        writeText(dir.resolve("index.html"), templates.render("project", layout, view));
    }

    private void writeProjectJson(ProjectReleases sorted, Path dir) {
        files.write(dir.resolve("json").resolve("index.json"),
                ProjectJson.document(sorted, config.baseUrl()));
    }

    private void writeAliases(ProjectInput data) {
        String pkg = data.canonicalName();
        for (String alias : data.aliases()) {
            if (alias.equals(pkg)) {
                continue;
            }
            try {
                OutputDirectories.symlinkIfAbsent(project.resolve(PackageNames.requireSafePathComponent(alias)),
                        Path.of(pkg));
            } catch (IllegalArgumentException e) {
                // A spelling that cannot be a file name gets no alias link; the page itself is fine.
                LOG.warn("alias {} of {} is not a usable file name; no symlink", alias, pkg);
            }
        }
    }

    /**
     * {@code DELVER}: deletes the version's wheels (and their PEP 658
     * {@code .metadata} files), then rewrites the package's pages without that
     * version, even if {@code data} still has it.
     *
     * @param data      the package as the database has it
     * @param version   the version to remove
     * @param filenames the version's files, collected by the sender before the database
     *                  changed; null or empty to find them on disk by the version in the wheel name
     */
    public synchronized void deleteVersion(ProjectInput data, String version, Collection<String> filenames) {
        String pkg = data.canonicalName();
        Path dir = simple.resolve(pkg);
        List<String> doomed = filenames == null || filenames.isEmpty()
                ? WheelNames.filesOfVersion(dir, version) : new ArrayList<>(filenames);
        for (String name : doomed) {
            Path wheel = dir.resolve(PackageNames.requireSafePathComponent(name));
            OutputDirectories.deleteFile(wheel);
            Path metadata = dir.resolve(name + ".metadata");
            if (Files.exists(metadata, LinkOption.NOFOLLOW_LINKS)) {
                OutputDirectories.deleteFile(metadata);
            }
        }
        List<ProjectInput.Release> kept = data.releases().stream().filter(r -> !r.version().equals(version)).toList();
        writeBoth(new ProjectInput(pkg, data.displayName(), data.summary(), kept, data.aliases()));
    }

    /**
     * {@code DELPKG}: drops the package from the simple root, then removes
     * {@code simple/<pkg>/} and {@code project/<pkg>/} with everything in them
     * and every symlink in {@code project/} or {@code simple/} that points at
     * the package. Nothing here depends on database rows, which may already be
     * gone (0.23 quirk, web spec §3.5). Build logs stay.
     *
     * @param canonicalName the package
     */
    public synchronized void deletePackage(String canonicalName) {
        String pkg = PackageNames.requireSafePathComponent(canonicalName);
        if (packages.remove(pkg)) {
            writeSimpleIndex();
        }
        OutputDirectories.deleteSymlinksTo(project, pkg);
        OutputDirectories.deleteSymlinksTo(simple, pkg);
        OutputDirectories.deleteTree(simple.resolve(pkg));
        OutputDirectories.deleteTree(project.resolve(pkg));
    }

    private void writeSimpleIndex() {
        Instant now = clock.instant();
        writeText(simple.resolve("index.html"), templates.render("simple-index", SimplePageViews.index(packages, now)));
        files.write(simple.resolve(SimpleJson.FILE_NAME), SimpleJson.index(packages));
    }

    private void writeStaticPages() {
        String base = config.baseUrl();
        writeText(root.resolve("faq.html"), templates.render("faq", layout("FAQ", "FAQ",
                "Frequently asked questions about the piwheels repository", true, base + "/faq.html", null,
                "faq", List.of("/shade.js", "/faq.js"))));
        writeText(root.resolve("packages.html"), templates.render("packages", layout("Package List",
                "Package search", "Search the piwheels repository", true, base + "/packages.html", null,
                "packages", List.of("/packages.js"))));
        writeText(root.resolve("json.html"), templates.render("json", layout("JSON API", "JSON API",
                "Description of the piwheels JSON API", true, base + "/json.html", null, "json", List.of())));
        writeText(root.resolve("404.html"), templates.render("notfound", layout("404 \u2014 file not found",
                "404 \u2014 file not found", "File not found", false, null, null, "404", List.of())));
        writeText(root.resolve("robots.txt"), "User-agent: *\nDisallow: /logs/\nDisallow: /simple/\n\nSitemap: "
                + base + "/sitemap.xml\n");
    }

    private LayoutView layout(String title, String ogTitle, String description, boolean metaDescription,
                              String pageUrl, String canonicalUrl, String pageKey, List<String> scripts) {
        return new LayoutView(title, ogTitle, description, metaDescription, pageUrl, canonicalUrl,
                config.baseUrl(), LayoutView.navigation(pageKey), scripts);
    }

    private void writeText(Path target, String text) {
        files.write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private void removeLeftoverTempFiles() {
        files.removeLeftovers(root);
        files.removeLeftovers(root.resolve(DownloadShards.DIRECTORY));
        for (Path top : List.of(simple, project)) {
            files.removeLeftovers(top);
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(top,
                    p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                for (Path d : dirs) {
                    files.removeLeftovers(d);
                    files.removeLeftovers(d.resolve("json"));
                }
            } catch (IOException e) {
                LOG.warn("cannot scan {} for temporary files: {}", top, e.toString());
            }
        }
    }

    private void deleteSurplusSitemaps(int needed) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "sitemap*.xml")) {
            for (Path p : entries) {
                Matcher m = NUMBERED_SITEMAP.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).length() < 10 && Integer.parseInt(m.group(1)) > needed) {
                    OutputDirectories.deleteFile(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for old sitemaps: {}", root, e.toString());
        }
    }
}
