package org.piwheels.web;

import java.util.List;
import org.piwheels.protocol.Nullable;

/**
 * The view model of the layout every human page shares (web spec §5): head
 * meta tags, navigation with the current page marked, and page scripts.
 *
 * @param title          page title (after {@code piwheels - })
 * @param ogTitle        title for OpenGraph/Twitter (after {@code piwheels - })
 * @param description    description for OpenGraph/Twitter
 * @param metaDescription whether to emit {@code <meta name="description">} too
 * @param pageUrl        absolute URL of the page for {@code og:url}, or null for none
 * @param canonicalUrl   absolute URL for {@code <link rel="canonical">}, or null for none
 * @param baseUrl        site URL without trailing slash
 * @param nav            navigation links
 * @param scripts        page-specific script URLs, loaded before {@code /banner.js}
 */
public record LayoutView(String title, String ogTitle, String description, boolean metaDescription,
                         @Nullable String pageUrl, @Nullable String canonicalUrl, String baseUrl,
                         List<NavLink> nav, List<String> scripts) {

    /**
     * A navigation link.
     *
     * @param href     target
     * @param label    text
     * @param selected whether it is the current page
     * @param rel      a {@code rel} value or null
     */
    public record NavLink(String href, String label, boolean selected, @Nullable String rel) {
    }

    /**
     * @param pageKey {@code packages}, {@code faq} or {@code json} select a link; anything else selects none
     * @return the header navigation
     */
    static List<NavLink> navigation(String pageKey) {
        return List.of(
                new NavLink("/packages.html", "Search", pageKey.equals("packages"), null),
                new NavLink("/faq.html", "FAQ", pageKey.equals("faq"), null),
                new NavLink("/json.html", "API", pageKey.equals("json"), null),
                new NavLink("https://blog.piwheels.org/", "Blog", false, null));
    }

    /** @return the image OpenGraph and Twitter cards show */
    public String imageUrl() {
        return baseUrl + "/piwheels-logo-large.png";
    }
}
