package org.piwheels.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.ExitCodes;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

/**
 * piw-loadgen's fake PyPI: a real master (every task, in this JVM) with an empty
 * database follows it, and the simulated slaves build what it published.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class PiwLoadgenPypiFeedTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        LoggingReset.reset();
    }

    @Test
    void theMasterFollowsTheFakePypiAndTheSlavesBuildWhatItPublished(TestDatabase db) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
        }
        int slavePort = FreePorts.next();
        int filePort = FreePorts.next();
        int pypiPort = FreePorts.next();
        Path json = dir.resolve("result.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        // the feed must be up before the master's follower first asks, or it backs off for 20 s
        Thread loadgen = new Thread(() -> status.set(PiwLoadgen.run(
                new PiwLoadgen(new PrintStream(out, true, StandardCharsets.UTF_8)), List.of(),
                "--slave-port", Integer.toString(slavePort), "--file-port", Integer.toString(filePort),
                "--slaves", "2", "--warmup", "0s", "--duration", "2m", "--builds", "3", "--progress", "5s",
                "--reply-timeout", "2m", "--sleep-time", "200", "--pypi-rate", "20",
                "--pypi-port", Integer.toString(pypiPort), "-o", json.toString())), "test-loadgen");
        loadgen.start();
        awaitListening(pypiPort, Duration.ofSeconds(60));
        Path www = Files.createDirectories(dir.resolve("www"));
        try (InProcessMaster master = new InProcessMaster(InProcessMaster.config(www, dir, slavePort, filePort,
                "http://127.0.0.1:" + pypiPort).withQueueInterval(Duration.ofSeconds(1)), db)) {
            loadgen.join(Duration.ofMinutes(4).toMillis());
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(loadgen.isAlive()).as(printed).isFalse();
        assertThat(status.get()).as(printed).isEqualTo(ExitCodes.OK);
        assertThat(printed).contains("fake PyPI: 20.0 new versions/s; run the master with --pypi-xmlrpc http://127.0.0.1:"
                + pypiPort + "/pypi").contains("fake PyPI published");

        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("failure").isNull()).isTrue();
        assertThat(result.get("builds").asLong()).isGreaterThanOrEqualTo(3);
        long published = result.get("fakePypi").get("versions").asLong();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM versions WHERE package LIKE 'feed-%'")) {
                rs.next();
                // the follower saw what the feed published (up to its last poll) and nothing else
                assertThat(rs.getLong(1)).isPositive().isLessThanOrEqualTo(published);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE package LIKE 'feed-%') "
                    + "FROM builds WHERE status")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(3).isEqualTo(rs.getLong(2));
            }
        }
    }

    private static void awaitListening(int port, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the fake PyPI never listened on port " + port);
    }
}
