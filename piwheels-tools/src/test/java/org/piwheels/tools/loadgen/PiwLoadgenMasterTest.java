package org.piwheels.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.ExitCodes;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.wheels.WheelHashes;

/**
 * piw-loadgen against a real master (every task, in this JVM, on the embedded
 * PostgreSQL) with a few slaves for a few seconds: builds complete, the wheels are
 * published in the web root with the hashes the database recorded, and the JSON
 * result says so.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class PiwLoadgenMasterTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        LoggingReset.reset();
    }

    @Test
    void buildsAgainstARealMaster(TestDatabase db) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
            Fixtures.exec(admin, "INSERT INTO packages (package) SELECT 'load-pkg-' || i FROM generate_series(1, 40) i");
            Fixtures.exec(admin, "INSERT INTO versions (package, version) "
                    + "SELECT 'load-pkg-' || i, '1.' || j FROM generate_series(1, 40) i, generate_series(0, 4) j");
        }
        Path www = Files.createDirectories(dir.resolve("www"));
        int slavePort = FreePorts.next();
        int filePort = FreePorts.next();
        String ipc = "ipc://" + dir.resolve("q-");
        Path json = dir.resolve("result.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        // the log queue asks for the admin credentials, as a packaged master's does
        org.piwheels.protocol.transport.AdminSecret secret = org.piwheels.protocol.transport.AdminSecret.generate();
        Path secretFile = dir.resolve("admin.secret");
        secret.write(secretFile);
        try (InProcessMaster master = new InProcessMaster(
                InProcessMaster.config(www, dir, slavePort, filePort, "http://127.0.0.1:9").withAdminSecret(secret), db)) {
            status = PiwLoadgen.run(new PiwLoadgen(new PrintStream(out, true, StandardCharsets.UTF_8)), List.of(),
                    "--slave-port", Integer.toString(slavePort), "--file-port", Integer.toString(filePort),
                    "--slaves", "4", "--warmup", "0s", "--duration", "4s", "--progress", "1s",
                    "--wheel-size", "20k", "--log-queue", ipc + "log", "--log-rate", "50", "--admin-secret", secretFile.toString(),
                    "--master-pid", Long.toString(ProcessHandle.current().pid()), "-o", json.toString());
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(ExitCodes.OK);
        assertThat(printed).contains("builds completed").contains("IDLE").contains("master RSS");

        JsonNode result = new ObjectMapper().readTree(json.toFile());
        long builds = result.get("builds").asLong();
        assertThat(builds).isPositive();
        assertThat(result.get("failure").isNull()).isTrue();
        assertThat(result.get("errors").size()).isZero();
        assertThat(result.get("replyLatency").get("IDLE").get("count").asLong()).isGreaterThanOrEqualTo(builds);
        assertThat(result.get("replyLatency").get("SENT").get("p99Ms").asDouble()).isPositive();
        assertThat(result.get("fileTransfer").get("count").asLong()).isGreaterThanOrEqualTo(builds);
        assertThat(result.get("master").get("rssEndMB").asDouble()).isPositive();
        assertThat(result.get("accessRecords").asLong()).isPositive();

        // every build the master recorded has its wheel in the web root, with the recorded hash
        Map<String, String> recorded = new HashMap<>();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT f.filename, f.filehash, b.package FROM files f "
                     + "JOIN builds b USING (build_id) WHERE b.status")) {
            while (rs.next()) {
                recorded.put(rs.getString(3) + "/" + rs.getString(1), rs.getString(2));
            }
        }
        // the slaves count a build once the master said DONE, after it recorded it
        assertThat((long) recorded.size()).isGreaterThanOrEqualTo(builds);
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            Path wheel = www.resolve("simple").resolve(e.getKey());
            assertThat(wheel).exists();
            assertThat(WheelHashes.sha256(wheel)).isEqualTo(e.getValue());
            assertThat(Files.size(wheel)).isBetween(19_000L, 21_000L);
            try (ZipFile zip = new ZipFile(wheel.toFile())) {
                String[] parts = wheel.getFileName().toString().split("-");
                String distInfo = parts[0] + "-" + parts[1] + ".dist-info/";
                assertThat(zip.getEntry(distInfo + "METADATA")).as(distInfo).isNotNull();
                assertThat(zip.getEntry(distInfo + "WHEEL")).isNotNull();
                assertThat(zip.getEntry(distInfo + "RECORD")).isNotNull();
            }
        }
        try (Stream<Path> files = Files.walk(www.resolve("simple"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".whl")).count()).isEqualTo(recorded.size());
        }
    }
}
