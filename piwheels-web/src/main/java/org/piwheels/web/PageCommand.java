package org.piwheels.web;

/** The page rewrites the buffer coalesces; {@link #BOTH} includes everything {@link #PROJECT} does. */
public enum PageCommand {
    /** Project page and project JSON. */
    PROJECT,
    /** Simple page as well as the project page and JSON. */
    BOTH;

    /** @param other another command @return the one that does at least what both do */
    public PageCommand merge(PageCommand other) {
        return this == BOTH || other == BOTH ? BOTH : PROJECT;
    }
}
