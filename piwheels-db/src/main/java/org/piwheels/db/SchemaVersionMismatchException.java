package org.piwheels.db;

/** The database's {@code configuration.version} is not the one this software was built for. */
public class SchemaVersionMismatchException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A mismatch between what the database has and what we need. */
    public SchemaVersionMismatchException(String found, String expected) {
        super("database version " + found + " does not match software version " + expected, null, null);
    }
}
