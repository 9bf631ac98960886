package org.piwheels.web;

/**
 * A page rewrite released by the {@link PageRequestBuffer}, to be passed to the {@link SiteWriter}.
 *
 * @param packageName canonical package name
 * @param command     what to rewrite
 */
public record Rewrite(String packageName, PageCommand command) {
}
