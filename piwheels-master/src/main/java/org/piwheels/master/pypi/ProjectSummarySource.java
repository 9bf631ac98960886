package org.piwheels.master.pypi;

import java.util.Optional;

/** Looks up a project's summary on PyPI. */
@FunctionalInterface
public interface ProjectSummarySource {

    /**
     * @return the summary, or empty if PyPI does not know the project (any more)
     * @throws PypiException when the answer could not be had or used
     */
    Optional<ProjectSummary> summaryOf(String name) throws PypiException;
}
