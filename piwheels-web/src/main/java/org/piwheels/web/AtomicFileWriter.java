package org.piwheels.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files so that readers see the old content or the new, never a part
 * (web spec §3.1): the bytes go to {@code .<name>.<random>.tmp} in the target's
 * directory, the mode is set to 0644, then the file is renamed over the target.
 * Identical content is not rewritten, which spares SD cards and rsync mirrors.
 */
public final class AtomicFileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFileWriter.class);
    /** Exactly 0644, independent of the umask, like 0.23's fchmod. */
    static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");
    private static final String TEMP_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean fsync;

    /** @param fsync whether to flush file and directory to disk around the rename (costly on SD cards) */
    public AtomicFileWriter(boolean fsync) {
        this.fsync = fsync;
    }

    /**
     * Atomically replaces {@code target} with {@code content}.
     *
     * @param target  the file to write; its directory must exist
     * @param content the complete new content
     * @return true if the file was written, false if it already held exactly these bytes
     */
    public boolean write(Path target, byte[] content) {
        if (hasContent(target, content)) {
            return false;
        }
        Path temp = tempFileFor(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (fsync) {
                    ch.force(true);
                }
            }
            setMode0644(temp);
            moveOver(temp, target);
            if (fsync) {
                syncDirectory(target.getParent());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e instanceof IOException io ? new UncheckedIOException("cannot write " + target, io)
                    : (RuntimeException) e;
        }
    }

    /**
     * @param target a file path
     * @return a fresh temporary name beside it; dot-prefixed so nothing serves or lists it by accident
     */
    static Path tempFileFor(Path target) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
    }

    /**
     * @param name a file name
     * @return whether this class could have made it as a temporary file
     */
    static boolean isTempFileName(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX) && name.matches("\\..+\\.[0-9a-f]{12}\\.tmp");
    }

    /**
     * Deletes temporary files that a crash left in {@code dir} (not recursive).
     *
     * @param dir a directory of the output tree; missing is fine
     * @return how many were deleted
     */
    public int removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> isTempFileName(p.getFileName().toString()))) {
            for (Path p : entries) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up temporary files in {}: {}", dir, e.toString());
        }
        return removed;
    }

    private static boolean hasContent(Path target, byte[] content) {
        try {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(target) != content.length) {
                return false;
            }
            return Arrays.equals(Files.readAllBytes(target), content);
        } catch (IOException e) {
            return false;
        }
    }

    static void setMode0644(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, MODE_0644);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (tests on Windows); the default mode is all we can get.
        }
    }

    private static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", p, e.toString());
        }
    }
}
