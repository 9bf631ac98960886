package org.piwheels.packaging;

import java.nio.file.Path;

/** Paths in the repository, for tests that check files outside this module. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    }

    static Path docs() {
        return root().resolve("docs");
    }

    static Path packaging() {
        return root().resolve("piwheels-packaging");
    }
}
