package org.piwheels.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DsnTest {
    @Test
    void uriForms() {
        Dsn d = Dsn.parse("postgres://piw:s%40cret@db.example:6543/piwheels?sslmode=require");
        assertThat(d.host()).isEqualTo("db.example");
        assertThat(d.port()).isEqualTo(6543);
        assertThat(d.user()).isEqualTo("piw");
        assertThat(d.password()).isEqualTo("s@cret");
        assertThat(d.database()).isEqualTo("piwheels");
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/piwheels?sslmode=require");

        Dsn local = Dsn.parse("postgres:///piwheels");
        assertThat(local.host()).isEqualTo("localhost");
        assertThat(local.port()).isEqualTo(5432);
        assertThat(local.database()).isEqualTo("piwheels");

        assertThat(Dsn.parse("postgresql://[::1]:5433/x").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/x");
        assertThat(Dsn.parse("postgres:///x?host=/var/run/postgresql&port=5444").port()).isEqualTo(5444);
    }

    @Test
    void keyValueForm() {
        Dsn d = Dsn.parse("host=127.0.0.1 port=5555 dbname=pw user=app password='p'");
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5555/pw");
        assertThat(d.user()).isEqualTo("app");
        assertThat(d.password()).isEqualTo("p");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Dsn.parse("mysql://x/y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.parse("postgres://h:99999/db")).isInstanceOf(IllegalArgumentException.class);
    }
}
