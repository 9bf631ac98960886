package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * Issue #12, hostile input on the import queue (found by {@link FrameFuzzTest}): an
 * IMPORT whose file names are unsafe or of another package is refused before the
 * build is recorded, so no bad file row can break the package's pages.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class HostileImportTest {

    @Test
    void importsWithUnsafeOrForeignFileNamesAreRefusedAndNothingIsStored(TestDatabase db, @TempDir Path root)
            throws Exception {
        try (LiveMaster master = new LiveMaster(db, root, 2); Transport transport = new Transport();
             var tool = transport.socket(SocketType.REQ, AdminProtocol.TOOL)) {
            tool.connect(master.config.importQueue());
            byte[] content = ProtocolSlave.content(100, 1);
            String hash = ProtocolSlave.sha256(content);
            List<FileState> hostile = List.of(
                    ProtocolSlave.file("pkg1/1.0-py3-none-any.whl", "pkg1", 100, hash),
                    ProtocolSlave.file("../pkg1-1.0-py3-none-any.whl", "pkg1", 100, hash),
                    ProtocolSlave.file(root.resolve("pkg1-1.0-py3-none-any.whl").toString(), "pkg1", 100, hash),
                    ProtocolSlave.wheel("pkg2", content));
            for (FileState f : hostile) {
                tool.send(new AdminProtocol.Import(new BuildState(0, "pkg1", "1.0", "cp311", true,
                        Duration.ofSeconds(1), "imported", List.of(f))));
                assertThat(tool.recv(Duration.ofSeconds(30))).as(f.filename()).isInstanceOf(AdminProtocol.Error.class);
            }
            assertThat(master.rows("SELECT count(*) FROM builds")).containsExactly("0");
            assertThat(master.rows("SELECT count(*) FROM files")).containsExactly("0");
            assertThat(master.outsideWebRoot()).isEmpty();

            // a good import still goes through
            FileState good = ProtocolSlave.wheel("pkg1", content);
            tool.send(new AdminProtocol.Import(new BuildState(0, "pkg1", "1.0", "cp311", true, Duration.ofSeconds(1),
                    "imported", List.of(good))));
            assertThat(tool.recv(Duration.ofSeconds(30))).isEqualTo(new AdminProtocol.Send(good.filename()));
            try (ProtocolSlave uploader = new ProtocolSlave(transport, master)) {
                assertThat(uploader.upload(0, content))
                        .isEqualTo(new org.piwheels.protocol.messages.FileTransferProtocol.Done());
            }
            tool.send(new AdminProtocol.Sent());
            assertThat(tool.recv(Duration.ofSeconds(30))).isEqualTo(new AdminProtocol.Done("IMPORT"));
            assertThat(master.simpleFiles()).contains("pkg1/" + good.filename());
            assertThat(master.rows("SELECT filename FROM files")).containsExactly(good.filename());
        }
    }
}
