package org.piwheels.db.schema;

import java.util.List;

/**
 * The schema version strings this software knows.
 *
 * <p>{@code configuration.version} is compared by exact equality (as in 0.23).
 * Java-only steps are named {@code 0.23-jN}: such a string can never equal an
 * upstream piwheels version, so neither implementation mistakes the other's
 * schema for its own.
 */
public final class SchemaVersions {

    /** The version this software's changelog produces and its DAL requires. */
    public static final String CURRENT = "0.23-j5";

    /** The piwheels 0.23 schema, which is adopted and then upgraded. */
    public static final String PIWHEELS_0_23 = "0.23";

    /**
     * Versions {@code piw-initdb} upgrades with Liquibase, oldest first: 0.23
     * itself and every earlier Java step. Anything else is refused.
     */
    public static final List<String> UPGRADABLE = List.of(PIWHEELS_0_23, "0.23-j1", "0.23-j2", "0.23-j3", "0.23-j4");

    /** Upstream versions before 0.23: upgrade them with piwheels 0.23's own piw-initdb first. */
    public static final List<String> OLDER_UPSTREAM = List.of(
            "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.10", "0.11", "0.12", "0.13",
            "0.14", "0.15", "0.16", "0.17", "0.18", "0.19", "0.20", "0.21", "0.22");

    /** Classpath location of the full changelog. */
    public static final String CHANGELOG = "org/piwheels/db/changelog/master.xml";

    /** Classpath location of the changelog that builds exactly the 0.23 schema. */
    public static final String BASELINE_CHANGELOG = "org/piwheels/db/changelog/baseline.xml";

    private SchemaVersions() {
    }
}
