package org.piwheels.master.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.TestConfigs;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.records.RewritePending;
import org.piwheels.protocol.transport.Transport;

/** The database queue end to end: clients, the router and three workers on a real database. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class DatabaseRpcTest {
    private Transport transport;
    private TaskContext context;
    private final List<Task> tasks = new ArrayList<>();

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        transport = new Transport();
        context = new TaskContext(TestConfigs.inproc(out), transport, Clock.systemUTC());
        tasks.add(new DatabaseRouter(context));
        for (int i = 1; i <= 3; i++) {
            tasks.add(new DatabaseWorker(context, i, Database.open(db.config())));
        }
        for (Task t : tasks) {
            t.start();
            assertThat(t.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            tasks.get(i).quit();
            assertThat(tasks.get(i).join(Duration.ofSeconds(10))).isTrue();
            assertThat(tasks.get(i).failure()).isNull();
        }
        transport.close();
    }

    @Test
    void typedCallsReachTheDatabase() {
        try (DbClient db = new DbClient(transport, context.config().dbQueue())) {
            assertThat(db.newPackage("foo", "", "A package")).isTrue();
            assertThat(db.newPackage("foo", "", "A package")).isFalse();
            assertThat(db.newVersion("foo", "1.0", Instant.parse("2024-05-17T12:00:00Z"), "")).isTrue();
            assertThat(db.allPackages()).contains("foo");
            assertThat(db.packageExists("foo")).isTrue();
            assertThat(db.versionExists("foo", "1.0")).isTrue();
            assertThat(db.versionSkip("foo", "1.0")).isEqualTo("");
            assertThat(db.versionSkip("foo", "9.9")).isNull();
            assertThat(db.projectData("foo").releases()).containsKey("1.0");
            assertThat(db.statistics()).isNotNull();
            db.setPypiSerial(1234);
            assertThat(db.pypiSerial()).isEqualTo(1234);
            db.saveRewritesPending(List.of(new RewritePending("foo", Instant.parse("2024-05-17T12:00:00Z"), "BOTH")));
            assertThat(db.loadRewritesPending()).extracting(RewritePending::packageName).containsExactly("foo");
        }
    }

    @Test
    void refusedCallsSurfaceTheDatabaseMessage() {
        try (DbClient db = new DbClient(transport, context.config().dbQueue())) {
            assertThatThrownBy(() -> db.newVersion("no-such-package", "1.0", null, ""))
                    .isInstanceOf(RpcException.class);
            // the client and the workers carry on
            assertThat(db.packageExists("no-such-package")).isFalse();
        }
    }

    @Test
    void manyClientsAtOnceShareThreeWorkers() throws Exception {
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            final int n = c;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try (DbClient db = new DbClient(transport, context.config().dbQueue())) {
                    int inserted = 0;
                    for (int i = 0; i < 20; i++) {
                        inserted += db.newPackage("pkg-" + n + "-" + i, "", "") ? 1 : 0;
                    }
                    return inserted;
                }
            }));
        }
        int total = 0;
        for (CompletableFuture<Integer> f : calls) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(160);
    }
}
