package org.piwheels.web;

import java.time.Instant;

/**
 * A blog post listed on the home page.
 *
 * @param title     the post's title
 * @param url       its absolute URL
 * @param published when it was published
 */
public record BlogPost(String title, String url, Instant published) {
}
