/**
 * The data-access layer of the piwheels database: {@link org.piwheels.db.Database}
 * with one method per 0.23 database operation, its result records and exceptions.
 */
package org.piwheels.db;
