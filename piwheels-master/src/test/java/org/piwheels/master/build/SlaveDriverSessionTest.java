package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.StatsProtocol.StatBq;
import org.piwheels.protocol.messages.StatsProtocol.StatFs;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;

/**
 * Replays the slave side of the conversation recorded against the 0.23 slave driver
 * ({@code slave_session.json}) and checks every reply and status message byte for
 * byte, plus what the recorded run stubbed: the database rows, the wheel on disk and
 * the page requests. Two deliberate differences: the successful build reports a
 * wheel whose content this test has (so it really transfers and verifies), and a
 * non-HELLO first message is answered DIE (issue #4) where 0.23 stayed silent.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class SlaveDriverSessionTest {
    private static final JsonNode EVENTS = TestVectors.load("slave_session.json").get("events");
    private static final String DIE = "63444945";

    private SlaveSessionRig s;
    private final Map<String, List<JsonNode>> steps = new LinkedHashMap<>();

    @BeforeEach
    void start(TestDatabase db, @TempDir Path output) throws Exception {
        s = new SlaveSessionRig(db, output);
        for (JsonNode e : EVENTS) {
            steps.computeIfAbsent(e.get("step").asText(), k -> new ArrayList<>()).add(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private List<JsonNode> step(String prefix) {
        return steps.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + " ")).findFirst()
                .orElseThrow().getValue();
    }

    private static String hex(JsonNode e) {
        return e.get("cbor_hex").asText();
    }

    private static boolean on(JsonNode e, String queuePrefix, String from) {
        return e.get("queue").asText().startsWith(queuePrefix) && e.get("from").asText().equals(from)
                && e.hasNonNull("cbor_hex");
    }

    /** Sends the step's slave message (or a replacement), checks the reply and the status messages. */
    private void play(RawSocket slave, String prefix, byte[] replacement) {
        List<JsonNode> events = step(prefix);
        byte[] request = replacement != null ? replacement : events.stream().filter(e -> on(e, "slave", "slave"))
                .map(e -> TestVectors.hex(hex(e))).findFirst().orElseThrow();
        String expectedReply = events.stream().filter(e -> on(e, "slave", "master")).map(SlaveDriverSessionTest::hex)
                .findFirst().orElse(null);
        List<String> expectedStatus = statusOf(events);
        String reply = SlaveSessionRig.exchange(slave, request, Duration.ofSeconds(expectedReply == null ? 1 : 10));
        assertThat(reply).as("reply in step %s", prefix).isEqualTo(expectedReply);
        assertThat(s.status(expectedStatus.size())).as("status in step %s", prefix).isEqualTo(expectedStatus);
    }

    private static List<String> statusOf(List<JsonNode> events) {
        return events.stream().filter(e -> on(e, "status", "master")).map(SlaveDriverSessionTest::hex).toList();
    }

    @Test
    void theRecordedSessionGetsTheRecordedRepliesAndStatus() throws Exception {
        RawSocket slave = s.connect();
        play(slave, "1", null);
        play(slave, "2", null);

        s.queue(Map.of("cp311", List.of(new BuildRequest("foo", "0.1"), new BuildRequest("bar", "2.0"),
                new BuildRequest("baz", "3.0"))));
        assertThat(s.rig.nextStats()).isEqualTo(new StatBq(Map.of("cp311", 3L)));
        play(slave, "3", null);
        assertThat(s.rig.nextStats()).isEqualTo(new StatBq(Map.of("cp311", 2L)));
        play(slave, "4", null);

        // the recorded wheel's bytes are not in the vectors: report one with the same name whose bytes we have
        JsonNode built = step("5").get(0).get("data_description");
        byte[] content = TestVectors.content(199498, 11);
        FileState recorded = TestVectors.fileState(built.get(3).get(0));
        FileState wheel = new FileState(recorded.filename(), content.length, TestVectors.sha256(content),
                recorded.packageTag(), recorded.packageVersionTag(), recorded.pyVersionTag(), recorded.abiTag(),
                recorded.platformTag(), recorded.requiresPython(), recorded.dependencies(), recorded.location());
        String output = built.get(2).asText();
        play(slave, "5", SlaveSessionRig.encode(new Built(new BuildResult(true, Duration.ofSeconds(187), output,
                List.of(wheel)))));
        assertThat(s.upload(1, content)).isEqualTo(new FileTransferProtocol.Done());
        play(slave, "6", null);
        assertThat(s.rig.nextStats()).isInstanceOf(StatFs.class);
        String v7 = "foo-0.1-cp311-cp311-linux_armv7l.whl";
        String v6 = "foo-0.1-cp311-cp311-linux_armv6l.whl";
        Path simple = s.rig.context.config().outputPath().resolve("simple");
        assertThat(Files.readAllBytes(simple.resolve("foo").resolve(v7))).isEqualTo(content);
        assertThat(Files.readSymbolicLink(simple.resolve("foo").resolve(v6))).isEqualTo(Path.of(v7));
        List<String> fooBuild = s.rows("SELECT build_id, built_by, status, abi_tag, extract(epoch FROM duration)::int FROM builds"
                + " WHERE package = 'foo' AND version = '0.1'");
        assertThat(fooBuild).hasSize(1);
        long fooId = Long.parseLong(fooBuild.get(0).split("\\|")[0]);
        assertThat(fooBuild.get(0)).endsWith("|1|true|cp311|187");
        assertThat(s.rows("SELECT filename, filesize, filehash, platform_tag FROM files WHERE build_id = " + fooId
                + " ORDER BY filename")).containsExactly(
                v6 + "|199498|" + wheel.filehash() + "|linux_armv6l", v7 + "|199498|" + wheel.filehash() + "|linux_armv7l");
        assertThat(s.rows("SELECT tool, dependency FROM dependencies WHERE filename = '" + v7 + "'"))
                .containsExactly("pip|bar");
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Log(fooId, output));
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Both("foo"));

        play(slave, "7", null);
        assertThat(s.rig.nextStats()).isEqualTo(new StatBq(Map.of("cp311", 1L)));
        play(slave, "8", null);
        List<String> barBuild = s.rows("SELECT build_id, status FROM builds WHERE package = 'bar'");
        assertThat(barBuild).singleElement().asString().endsWith("|false");
        long barId = Long.parseLong(barBuild.get(0).split("\\|")[0]);
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Log(barId, "error: build failed\n"));
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Project("bar"));

        play(slave, "9", null);
        assertThat(s.rig.nextStats()).isEqualTo(new StatBq(Map.of("cp311", 0L)));
        play(slave, "10", null);
        s.control(new TaskControlProtocols.Skip(1L));
        play(slave, "12", null);
        s.control(new TaskControlProtocols.Pause());
        play(slave, "13", null);

        s.control(new TaskControlProtocols.Hello());
        List<String> replay = statusOf(step("14"));
        assertThat(s.status(replay.size())).as("replay for a new monitor").isEqualTo(replay);

        s.control(new TaskControlProtocols.Kill(1L));
        play(slave, "16", null);
        play(slave, "17", null);

        RawSocket reconnected = s.connect();
        JsonNode idle = step("18").get(0);
        assertThat(SlaveSessionRig.exchange(reconnected, TestVectors.hex(hex(idle)), Duration.ofSeconds(10)))
                .as("beyond 0.23: an unknown connection is told to start over").isEqualTo(DIE);
        assertThat(s.statusPending()).isFalse();
        play(reconnected, "19", null);
        play(reconnected, "20", null);

        s.rig.clock.advance(Duration.ofMinutes(6));
        List<String> expired = statusOf(step("21"));
        assertThat(s.status(1)).as("expiry of slave 2 within one sweep").isEqualTo(expired);

        assertThat(s.rows("SELECT count(*) FROM builds")).containsExactly("2");
        assertThat(s.web.drain()).isEmpty();
        assertThat(s.statusPending()).isFalse();
        slave.close();
        reconnected.close();
    }
}
