package org.piwheels.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Directory and symlink chores of the output tree (web spec §3.4, §3.5). */
final class OutputDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(OutputDirectories.class);

    private OutputDirectories() {
    }

    /**
     * Makes {@code dir} a real directory. A symlink standing there (an alias of
     * an older release) is replaced, because the name now needs its own pages.
     */
    static void ensureDirectory(Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) {
                Files.delete(dir);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("a file stands where a directory belongs: " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Creates a directory and its parents; an existing directory, or a symlink to one, is fine. */
    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes a file or symlink; a missing one is logged, as in 0.23, not fatal. */
    static boolean deleteFile(Path file) {
        try {
            Files.delete(file);
            return true;
        } catch (NoSuchFileException e) {
            LOG.info("already gone: {}", file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
        return false;
    }

    /**
     * Deletes a directory tree without following symlinks out of it (a symlink
     * inside is removed, not its target).
     */
    static void deleteTree(Path dir) {
        if (Files.isSymbolicLink(dir)) {
            deleteFile(dir);
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete all of {}: {}", dir, e.toString());
        }
    }

    /**
     * Removes every symlink directly in {@code parent} whose target is
     * {@code targetName} (the relative alias form) or resolves to
     * {@code parent/targetName}. Dangling ones are matched by their text.
     */
    static int deleteSymlinksTo(Path parent, String targetName) {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        Path target = parent.resolve(targetName).normalize();
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, Files::isSymbolicLink)) {
            for (Path link : entries) {
                Path dest = Files.readSymbolicLink(link);
                Path resolved = parent.resolve(dest).normalize();
                if (resolved.equals(target) && deleteFile(link)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for symlinks: {}", parent, e.toString());
        }
        return removed;
    }

    /** Removes every symlink directly in {@code dir}; legacy {@code simple/<alias>} links are never needed. */
    static int deleteAllSymlinks(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isSymbolicLink)) {
            for (Path link : entries) {
                if (deleteFile(link)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for symlinks: {}", dir, e.toString());
        }
        return removed;
    }

    /**
     * Creates {@code link -> target} (relative) unless anything, even a dangling
     * link, is already at that path: 0.23 leaves existing entries alone.
     *
     * @return whether a link was created
     */
    static boolean symlinkIfAbsent(Path link, Path relativeTarget) {
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createSymbolicLink(link, relativeTarget);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot create symlink {} -> {}: {}", link, relativeTarget, e.toString());
            return false;
        }
    }
}
