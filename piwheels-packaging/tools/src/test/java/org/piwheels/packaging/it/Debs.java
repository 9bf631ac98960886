package org.piwheels.packaging.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The .deb files this build made, by the file names the manual uses. */
final class Debs {
    private Debs() {
    }

    /** Every package file of this build (piwheels-packaging/GROUP/target/*.deb). */
    static List<Path> all() {
        List<Path> found = new ArrayList<>();
        Path packaging = Path.of(System.getProperty("deb.packaging.dir"));
        for (String group : List.of("common", "master", "slave", "monitor", "tools")) {
            try (Stream<Path> files = Files.list(packaging.resolve(group).resolve("target"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".deb")).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /**
     * The manual's command line with each {@code .deb} name it gives replaced by the path
     * of the file this build made; a name the build did not make (a stale version in the
     * manual) fails.
     */
    static String builtFiles(String line) {
        List<Path> built = all();
        StringBuilder out = new StringBuilder();
        for (String word : line.split(" ")) {
            String resolved = word;
            if (word.endsWith(".deb")) {
                resolved = built.stream().filter(p -> p.getFileName().toString().equals(word)).findFirst()
                        .orElseThrow(() -> new AssertionError("the manual installs " + word + ", but the build made "
                                + built.stream().map(Path::getFileName).toList())).toString();
            }
            out.append(out.length() == 0 ? "" : " ").append(resolved);
        }
        return out.toString();
    }
}
