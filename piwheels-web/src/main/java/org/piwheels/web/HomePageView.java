package org.piwheels.web;

import java.time.Instant;
import java.util.List;
import org.piwheels.protocol.records.MasterStats;

/**
 * The view model of {@code index.html} (web spec §5.2).
 *
 * @param stats     the figures in display order
 * @param posts     latest blog posts, at most ten
 * @param releases  OS release support table
 * @param pipIndex  the index URL for {@code pip.conf}
 * @param updated   {@code Page last updated …} text
 */
public record HomePageView(List<Figure> stats, List<Post> posts, List<OsRelease> releases,
                           String pipIndex, String updated) {

    /** @param label what is counted @param value the formatted count @param id element id */
    public record Figure(String id, String label, String value) {
    }

    /** @param title post title @param url absolute link @param date {@code DD Mon YYYY} */
    public record Post(String title, String url, String date) {
    }

    /** @param codename OS release @param python its Python @param active whether still built for */
    public record OsRelease(String codename, String python, boolean active) {
    }

    /** @return whether there is a blog section to show */
    public boolean hasPosts() {
        return !posts.isEmpty();
    }

    static HomePageView of(MasterStats stats, List<BlogPost> blog, String baseUrl, Instant now) {
        List<Figure> figures = List.of(
                new Figure("stat-packages", "Packages", Formats.thousands(stats.packagesBuilt())),
                new Figure("stat-wheels", "Wheels", Formats.thousands(stats.filesCount())),
                new Figure("stat-downloads-all", "Downloads (all time)", Formats.thousands(stats.downloadsAll())),
                new Figure("stat-downloads-30", "Downloads (last 30 days)", Formats.thousands(stats.downloadsLastMonth())));
        List<Post> posts = blog.stream().limit(10)
                .map(p -> new Post(p.title(), p.url(), Formats.postDate(p.published()))).toList();
        List<OsRelease> releases = AbiColumns.KNOWN.stream()
                .map(k -> new OsRelease(k.codename(), k.python(), k.active())).toList();
        return new HomePageView(figures, posts, releases, baseUrl + "/simple",
                "Page last updated " + Formats.minutes(now) + " UTC");
    }
}
