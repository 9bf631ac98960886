/**
 * Schema versions, version detection, role checks and the Liquibase-driven
 * create/adopt/upgrade procedure shared by {@code piw-initdb} and the embedded database.
 */
package org.piwheels.db.schema;
