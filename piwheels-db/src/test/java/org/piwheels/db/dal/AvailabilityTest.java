package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.DatabaseUnavailableException;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transient failures surface as DatabaseUnavailableException, and the pool recovers. */
class AvailabilityTest extends FixtureTest {

    @Test
    void unreachableServerIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        DatabaseConfig config = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/piwheels", "piwheels", null);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(DatabaseUnavailableException.class)
                .extracting(e -> ((DatabaseUnavailableException) e).sqlState())
                .isEqualTo("08001");
    }

    @Test
    void terminatedSessionIsUnavailableThenRecovers() throws Exception {
        try (Database own = Database.open(new DatabaseConfig(db.jdbcUrl(), db.appRole(), null, 1))) {
            assertThat(own.testPackage("foo")).isTrue();
            exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + db.appRole()
                    + "' AND datname = current_database() AND pid <> pg_backend_pid()");
            assertThatThrownBy(() -> own.testPackage("foo")).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(own.testPackage("foo")).isTrue();
        }
    }
}
