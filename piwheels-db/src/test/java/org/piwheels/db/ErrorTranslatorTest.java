package org.piwheels.db;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTranslatorTest {

    private static DatabaseException translate(String state) {
        return ErrorTranslator.translate(new RuntimeException("wrapped", new SQLException("boom", state)));
    }

    @Test
    void connectionAndServerRestartStatesAreTransient() {
        for (String state : new String[] {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(translate(state)).as(state).isInstanceOf(DatabaseUnavailableException.class)
                    .extracting(DatabaseException::sqlState).isEqualTo(state);
        }
        assertThat(ErrorTranslator.translate(new SQLTransientConnectionException("pool timeout")))
                .isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void cancellationHasItsOwnType() {
        assertThat(translate("57014")).isInstanceOf(QueryCancelledException.class);
    }

    @Test
    void otherErrorsAreNotTransient() {
        for (String state : new String[] {"23503", "23505", "42501", "22001", null}) {
            DatabaseException e = translate(state);
            assertThat(e).as(String.valueOf(state)).isExactlyInstanceOf(DatabaseException.class);
            assertThat(e.sqlState()).isEqualTo(state);
            assertThat(e).hasMessage("boom");
        }
    }
}
