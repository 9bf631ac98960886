package org.piwheels.web;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the version out of wheel file names, for deletions without a file list (web spec §3.5). */
final class WheelNames {
    private static final Logger LOG = LoggerFactory.getLogger(WheelNames.class);

    private WheelNames() {
    }

    /**
     * @param filename a wheel name {@code name-version(-build)?-py-abi-platform.whl}
     * @return its version component, with the {@code _} that wheel builders put for {@code -} turned back
     */
    static String version(String filename) {
        String[] parts = filename.split("-");
        return parts.length >= 5 && filename.endsWith(".whl") ? parts[1].replace('_', '-') : null;
    }

    /**
     * @param dir     a {@code simple/<pkg>/} directory
     * @param version a version string
     * @return names of wheels (and armv6l symlinks) there whose version is the same PEP 440 version
     */
    static List<String> filesOfVersion(Path dir, String version) {
        List<String> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.whl")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String v = version(name);
                if (v != null && Pep440Version.sameVersion(v, version)) {
                    result.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {}: {}", dir, e.toString());
        }
        result.sort(null);
        return result;
    }
}
