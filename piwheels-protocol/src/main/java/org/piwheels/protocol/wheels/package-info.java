/**
 * Describing a wheel as a {@code FileState} needs: the tags in its file name, its
 * {@code METADATA} ({@code Requires-Python}, mandatory {@code Requires-Dist}) and its
 * SHA-256 (components spec §7.4). Shared by the build slave and {@code piw-import},
 * which must describe a wheel the same way.
 */
package org.piwheels.protocol.wheels;
