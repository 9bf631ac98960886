package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.reliability.ChildJvm;

/**
 * SIGTERM (what systemd and kill(1) send; Ctrl+C's SIGINT takes the same path, the
 * JVM's shutdown hooks) stops piw-master in order: its own process, a real signal,
 * every task stopped in reverse start order before the process ends.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterSigtermTest {

    private static String tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void sigtermStopsEveryTaskInReverseOrder(TestDatabase db, @TempDir Path dir) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
        }
        try (ChildJvm master = new ChildJvm(PiwMasterAsUser.class, List.of("-Xmx256m"), "-v",
                "--dsn", "postgres://" + db.appRole() + "@127.0.0.1:" + db.server().port() + "/" + db.name(),
                "-o", dir.resolve("www").toString(), "--admin-secret", dir.resolve("admin.secret").toString(),
                "--pypi-xmlrpc", "http://127.0.0.1:9/pypi", "--pypi-json", "http://127.0.0.1:9/pypi",
                "--status-queue", tcp(), "--control-queue", tcp(), "--import-queue", tcp(), "--log-queue", tcp(),
                "--slave-queue", tcp(), "--file-queue", tcp())) {
            master.awaitLine("master: all tasks ready", Duration.ofMinutes(2));
            int status = master.terminate(Duration.ofMinutes(2));
            // the JVM ends with 128 + 15 once its shutdown hooks (the orderly stop) have run
            assertThat(status).as(master.output()).isEqualTo(143);
            List<String> stopped = new ArrayList<>();
            for (String line : master.output().split("\n")) {
                if (line.startsWith("master.") && line.endsWith(": stopped")) {
                    stopped.add(line.substring(0, line.length() - ": stopped".length()));
                }
            }
            List<String> reverse = new ArrayList<>(TaskNames.ALL.keySet());
            Collections.reverse(reverse);
            assertThat(stopped).as(master.output()).isEqualTo(reverse);
            assertThat(master.output()).contains("master: shutting down on signal", "master: stopped all tasks");
        }
    }
}
