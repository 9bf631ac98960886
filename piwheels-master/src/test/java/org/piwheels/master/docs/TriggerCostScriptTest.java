package org.piwheels.master.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.testing.DocSnippets;

/**
 * docs/benchmarks.md times the bookkeeping triggers with a psql script (w.sql); the
 * script, read from the page, must run on the schema as it is today, in one
 * transaction rolled back as the page says.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class TriggerCostScriptTest {
    @Test
    void theDocumentedScriptRunsOnTheCurrentSchema(TestDatabase db) throws Exception {
        String script = DocSnippets.text("benchmarks/trigger-costs").lines()
                .filter(line -> !line.startsWith("#"))   // the page's heading comment is for the shell
                .reduce("", (a, b) -> a + b + "\n");
        try (Connection c = db.adminConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO build_abis (abi_tag) VALUES ('cp311') ON CONFLICT DO NOTHING");
                st.execute(script);
                int results = 0;
                do {
                    if (st.getResultSet() != null) {
                        results++;
                    }
                } while (st.getMoreResults() || st.getUpdateCount() != -1);
                assertThat(results).as("one count per SELECT of the script").isEqualTo(5);
            } finally {
                c.rollback();
            }
        }
    }
}
