package org.piwheels.db.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Test data written as the superuser (the application role cannot write
 * tables): the standard fixture of spec/database.md §7, mirroring 0.23's.
 */
public final class Fixtures {

    /** The fixture's armv7l wheel. */
    public static final String WHEEL_V7 = "foo-0.1-cp34-cp34m-linux_armv7l.whl";
    /** Its armv6l twin. */
    public static final String WHEEL_V6 = "foo-0.1-cp34-cp34m-linux_armv6l.whl";
    /** The SHA-256 of both fixture wheels. */
    public static final String HASH = "c3bef91a6ceda582a97839ab65fc7efb1e8b3c0a5ae7fd0c8b8a4f1c6e3f0c58";

    private Fixtures() {
    }

    /** Empties every table but configuration and resets the PyPI serial. */
    public static void clear(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("TRUNCATE packages, package_names, versions, build_abis, builds, files, dependencies,"
                    + " downloads, searches, project_page_hits, project_json_downloads, web_page_hits,"
                    + " rewrites_pending, preinstalled_apt_packages CASCADE");
            st.execute("UPDATE configuration SET pypi_serial = 0");
        }
    }

    /** ABIs cp34m and cp35m, with libc preinstalled for both. */
    public static void abis(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("INSERT INTO build_abis (abi_tag) VALUES ('cp34m'), ('cp35m')");
            st.execute("INSERT INTO preinstalled_apt_packages VALUES ('cp34m', 'libc'), ('cp35m', 'libc')");
        }
    }

    /** Package foo (alias foo seen 2000-01-01) with version 0.1, no builds. */
    public static void fooVersion(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("INSERT INTO packages (package) VALUES ('foo')");
            st.execute("INSERT INTO package_names VALUES ('foo', 'foo', '2000-01-01 00:00:00')");
            st.execute("INSERT INTO versions (package, version) VALUES ('foo', '0.1')");
        }
    }

    /**
     * The successful fixture build of foo 0.1 by slave 1 (cp34m, 300 s, built
     * 2018-01-01) with its armv7l wheel and armv6l twin, deps apt libc6, pip bar.
     *
     * @return the build id
     */
    public static int fooBuild(Connection admin) throws SQLException {
        int buildId;
        try (Statement st = admin.createStatement()) {
            try (var rs = st.executeQuery("INSERT INTO builds (package, version, built_by, built_at, duration, status, abi_tag)"
                    + " VALUES ('foo', '0.1', 1, '2018-01-01 00:00:00', INTERVAL '300 seconds', true, 'cp34m')"
                    + " RETURNING build_id")) {
                rs.next();
                buildId = rs.getInt(1);
            }
            for (String platform : new String[] {"linux_armv7l", "linux_armv6l"}) {
                String file = "foo-0.1-cp34-cp34m-" + platform + ".whl";
                st.execute("INSERT INTO files VALUES ('" + file + "', " + buildId + ", 123456, '" + HASH
                        + "', 'foo', '0.1', 'cp34', 'cp34m', '" + platform + "', '>=3', '/simple')");
                st.execute("INSERT INTO dependencies VALUES ('" + file + "', 'apt', 'libc6'), ('" + file + "', 'pip', 'bar')");
            }
        }
        return buildId;
    }

    /** Clears, then loads the whole standard fixture; returns the fixture build id. */
    public static int standard(Connection admin) throws SQLException {
        clear(admin);
        abis(admin);
        fooVersion(admin);
        return fooBuild(admin);
    }

    /** Runs one statement as the superuser. */
    public static void exec(Connection admin, String sql) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute(sql);
        }
    }
}
