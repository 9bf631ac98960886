/**
 * An embedded PostgreSQL (zonky's binaries, run as an unprivileged account when
 * the JVM is root) and a ready piwheels database on it, for development and tests.
 */
package org.piwheels.db.embedded;
