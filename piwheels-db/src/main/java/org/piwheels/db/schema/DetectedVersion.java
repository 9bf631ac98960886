package org.piwheels.db.schema;

/**
 * What {@link VersionDetector} found in a database.
 *
 * @param state   the kind of database
 * @param version the schema version string, or {@code null} when there is none
 */
public record DetectedVersion(State state, String version) {

    /** The kinds of database {@code piw-initdb} distinguishes. */
    public enum State {
        /** Nothing of piwheels (and nothing else) in schema {@code public}. */
        UNINITIALISED,
        /** A piwheels schema with a known or inferred version string. */
        VERSIONED,
        /** Objects in {@code public} that are not a recognisable piwheels schema. */
        UNKNOWN_OBJECTS,
        /** A {@code packages} table without {@code files}: older than 0.4. */
        TOO_OLD
    }

    static DetectedVersion of(String version) {
        return new DetectedVersion(State.VERSIONED, version);
    }

    static DetectedVersion of(State state) {
        return new DetectedVersion(state, null);
    }
}
