package org.piwheels.db.dal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseException;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Base of the DAL tests: the standard fixture reloaded before every test. */
@ExtendWith(PiwheelsDatabaseExtension.class)
abstract class FixtureTest {

    TestDatabase db;
    Database dal;
    Connection admin;
    int fixtureBuildId;

    @BeforeEach
    void loadFixture(TestDatabase db) throws SQLException {
        this.db = db;
        this.dal = db.dal();
        this.admin = db.adminConnection();
        this.fixtureBuildId = Fixtures.standard(admin);
    }

    @AfterEach
    void closeAdmin() throws SQLException {
        admin.close();
    }

    void exec(String sql) throws SQLException {
        Fixtures.exec(admin, sql);
    }

    /** Rows of a query as the superuser, each row's columns joined by '|'. */
    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    static void assertSqlState(Runnable call, String state) {
        assertThatThrownBy(call::run)
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((DatabaseException) e).sqlState())
                .isEqualTo(state);
    }
}
