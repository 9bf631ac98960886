package org.piwheels.web;

import java.util.Collection;
import java.util.Optional;

/**
 * Where the {@link PageRequestDispatcher} gets package data: the master
 * implements it over the database ({@code get_project_data},
 * {@code get_package_aliases}, {@code get_version_files}).
 */
public interface ProjectSource {
    /**
     * @param canonicalName a package
     * @return its data, or empty if the database no longer knows it
     */
    Optional<ProjectInput> project(String canonicalName);

    /**
     * @param canonicalName a package
     * @param version       one of its versions
     * @return the file names of that version's successful builds (armv6l names included);
     *         empty if the rows are already gone, in which case files are found on disk
     */
    Collection<String> versionFiles(String canonicalName, String version);
}
