package org.piwheels.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The stylesheet, scripts and images, shipped as classpath resources and
 * copied over their old copies at every start (web spec §5.12).
 */
final class StaticAssets {
    /** Every asset, by the file name pages and other sites link to. */
    static final List<String> NAMES = List.of(
            "styles.css", "banner.js", "shade.js", "faq.js", "packages.js", "project.js", "sitemap.xsl",
            "favicon.ico", "piwheels-logo.svg", "piwheels-logo.opt.svg", "piwheels-logo-large.png",
            "github.svg", "mastodon.svg", "readthedocs.svg",
            "success.svg", "fail.svg", "skip.svg", "pending.svg");
    private static final String ROOT = "/org/piwheels/web/assets/";

    private StaticAssets() {
    }

    /** @param name an asset name @return its bytes */
    static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("asset missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every asset into {@code root}, atomically and with mode 0644. */
    static void copyAll(Path root, AtomicFileWriter writer) {
        for (String name : NAMES) {
            writer.write(root.resolve(name), read(name));
        }
    }
}
