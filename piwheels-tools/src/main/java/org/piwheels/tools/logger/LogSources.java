package org.piwheels.tools.logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;

/**
 * Opens what piw-logger reads: {@code -} is stdin, a name ending in {@code .gz} is
 * decompressed, anything else is read as is. 0.23 reads ASCII and fails on any other
 * byte; we read Latin-1, which maps every byte (Apache escapes non-ASCII anyway).
 */
final class LogSources {
    private static final int BUFFER = 1 << 16;

    private LogSources() {
    }

    static BufferedReader open(String name, InputStream stdin, Logger log) throws IOException {
        InputStream in;
        if (name.equals("-")) {
            log.info("Processing log entries from stdin");
            in = stdin;
        } else if (name.endsWith(".gz")) {
            log.info("Processing gzipped log {}", name);
            in = new GZIPInputStream(Files.newInputStream(Path.of(name)), BUFFER);
        } else {
            log.info("Processing log {}", name);
            in = Files.newInputStream(Path.of(name));
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), BUFFER);
    }
}
