package org.piwheels.tools.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.importqueue.ToolFailure;

/**
 * The upload's side of {@code --reply-timeout}: a file queue nobody answers ends the
 * upload with the address and what to check, once the bound has passed (not at the
 * first repeated HELLO).
 */
class FileSenderSilenceTest {
    @TempDir Path dir;

    @Test
    void aSilentFileQueueFailsAfterTheBound() throws Exception {
        Path file = Files.write(dir.resolve("x.whl"), new byte[100]);
        String nowhere = "tcp://127.0.0.1:9";
        try (Transport transport = new Transport()) {
            FileSender sender = new FileSender(transport, nowhere, Duration.ofMillis(300), null, Duration.ofSeconds(2));
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
                    assertThatThrownBy(() -> sender.send(file, new PlainProgress(org.slf4j.LoggerFactory.getLogger("t"))))
                            .isInstanceOf(ToolFailure.class)
                            .hasMessageContaining("No reply from file queue " + nowhere + " in 2 s")
                            .hasMessageContaining("--file-queue"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }
}
