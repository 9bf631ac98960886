package org.piwheels.master.build;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The size and free space of the file system holding the output path (or its nearest
 * existing parent, while the path is not made yet). Finding a path's {@link FileStore}
 * reads and parses the mount table, which cost more than the rest of a build's
 * handling when the disk guard and the file receiver did it for every message; the
 * store is kept while the nearest existing path stays the same. Its figures are read
 * afresh each time ({@code statvfs} of that path), so a file system mounted there
 * later is still what is measured. Not thread-safe: one per thread.
 */
public final class OutputDisk {
    private final Path path;
    private Path storePath;
    private FileStore store;

    /** @param path the output path */
    public OutputDisk(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** @return the file system's store, or null when not even the root exists */
    private FileStore store() throws IOException {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return null;
        }
        if (!p.equals(storePath)) {
            store = Files.getFileStore(p);
            storePath = p;
        }
        return store;
    }

    /** @return {@code [size, usable]} in bytes, or null when no part of the path exists */
    public long[] sizeAndFree() throws IOException {
        FileStore s = store();
        return s == null ? null : new long[] {s.getTotalSpace(), s.getUsableSpace()};
    }

    /** @return the bytes available to unprivileged users, or -1 when no part of the path exists */
    public long free() throws IOException {
        FileStore s = store();
        return s == null ? -1 : s.getUsableSpace();
    }
}
