package org.piwheels.web;

import java.nio.file.Path;

/**
 * How and where the site is written.
 *
 * @param outputRoot the web root ({@code --output-path})
 * @param baseUrl    the public site URL without a trailing slash, used in JSON, sitemaps and canonical links
 * @param fsync      whether to fsync files and directories around each atomic replace
 */
public record SiteConfig(Path outputRoot, String baseUrl, boolean fsync) {
    /** 0.23 hard-codes this URL; it is the default here. */
    public static final String DEFAULT_BASE_URL = "https://www.piwheels.org";

    public SiteConfig {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** @param outputRoot the web root @return a configuration with the default URL and no fsync */
    public static SiteConfig of(Path outputRoot) {
        return new SiteConfig(outputRoot, DEFAULT_BASE_URL, false);
    }
}
