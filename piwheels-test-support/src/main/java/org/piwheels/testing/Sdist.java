package org.piwheels.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A built source distribution.
 *
 * @param name     the project name as given
 * @param version  the version
 * @param filename {@code <name>-<version>.tar.gz}
 * @param content  the archive bytes
 */
public record Sdist(String name, String version, String filename, byte[] content) {
    /** Writes the archive into {@code dir} and returns its path. */
    public Path writeTo(Path dir) throws IOException {
        return Files.write(dir.resolve(filename), content);
    }
}
