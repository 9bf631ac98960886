/**
 * Test support exported in piwheels-db's test-jar: one embedded PostgreSQL per
 * test JVM and a fresh piwheels database per test class.
 */
package org.piwheels.db.testing;
