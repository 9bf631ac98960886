package org.piwheels.tools.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.CurveServer;

/** piw-keygen writes certificate pairs the master, slaves and tools load. */
class PiwKeygenTest {
    @TempDir Path dir;

    private static int run(String... args) {
        return PiwKeygen.run(new PiwKeygen(), List.of(), args);
    }

    @Test
    void writesAPublicAndASecretCertificateTheCommandsLoad() throws Exception {
        Path allowed = Files.createDirectory(dir.resolve("allowed"));
        assertThat(run(dir.resolve("master").toString())).isEqualTo(ExitCodes.OK);
        assertThat(run(allowed.resolve("slave1").toString())).isEqualTo(ExitCodes.OK);
        Path secret = dir.resolve("master_secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("master"))).doesNotContain("secret-key");
        CurveCertificate master = CurveCertificate.readSecret(secret);
        assertThat(CurveCertificate.read(dir.resolve("master")).publicKey()).isEqualTo(master.publicKey());
        // what piw-master --curve-key/--curve-allow and piw-slave --curve-master-key/--curve-key load
        CurveServer server = CurveServer.load(secret, allowed);
        assertThat(server.allowed().allows(CurveCertificate.read(allowed.resolve("slave1")).publicKey())).isTrue();
        assertThat(server.allowed().allows(master.publicKey())).isFalse();
        CurveClient client = CurveClient.load(dir.resolve("master"), allowed.resolve("slave1_secret"));
        assertThat(client.keys().publicKey()).isEqualTo(CurveCertificate.read(allowed.resolve("slave1")).publicKey());
    }

    @Test
    void neverReplacesAKeyPairUnlessForced() throws Exception {
        String name = dir.resolve("slave").toString();
        assertThat(run(name)).isEqualTo(ExitCodes.OK);
        String before = Files.readString(dir.resolve("slave_secret"));
        assertThat(run(name)).isEqualTo(ExitCodes.FAILED);
        assertThat(Files.readString(dir.resolve("slave_secret"))).isEqualTo(before);
        assertThat(run("--force", name)).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve("slave_secret"))).isNotEqualTo(before);
        assertThat(run(dir.resolve("no/such/dir/key").toString())).isEqualTo(ExitCodes.FAILED);
    }
}
