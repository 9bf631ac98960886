package org.piwheels.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes build logs as {@code logs/AAAA/BBBB/CCCC.txt.gz} (web spec §3.3). A
 * log is written once. 0.23 crashed the master when the file already existed;
 * we keep the existing file and log a warning, because a log is never meant to
 * change and the first copy is as good as the second.
 */
final class BuildLogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BuildLogWriter.class);

    private final Path root;

    BuildLogWriter(Path root) {
        this.root = root;
    }

    /**
     * @param buildId the build
     * @param text    its output
     * @return true if written, false if a log for this build already existed
     */
    boolean write(long buildId, String text) {
        Path file = root.resolve(BuildLogPaths.relativePath(buildId));
        try {
            Files.createDirectories(file.getParent());
            // Exclusive create: nobody can see this new name before it is complete enough to matter,
            // and an existing log is never overwritten.
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 65536)) {
                out.write(utf8(text));
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            LOG.warn("build log {} already exists; keeping it", file);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + file, e);
        }
    }

    /** Lone surrogates (from odd build output) become U+FFFD instead of failing the write. */
    private static byte[] utf8(String text) {
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD})
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
