package org.piwheels.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEP 658 {@code <wheel>.metadata} files of {@code simple/<pkg>/}: extracts a
 * wheel's {@code *.dist-info/METADATA}, unmodified, beside it, and answers the
 * SHA-256 the pages announce. The master extracts the file when it publishes a
 * wheel ({@link #replace}) and stores the hash in the database (schema
 * {@code 0.23-j5}); for a wheel the database has no hash for (one published
 * before that schema, or by a receiver that did not extract its metadata) the
 * site writer asks {@link #sha256} once, which makes the file if missing, and
 * stores the answer. The answers of that fallback are remembered per file (keyed by
 * size and modification time) so a repeated question hashes nothing new; the memory is
 * bounded ({@value #REMEMBERED} files), since the database, not this map, is where the
 * hash of every wheel is kept (an unbounded map held one entry per wheel ever
 * published: 200,000 after 100,000 builds).
 */
public final class CoreMetadataFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CoreMetadataFiles.class);
    private static final String SUFFIX = ".metadata";

    private record Stamp(long size, long modified, String sha256) {
    }

    static final int REMEMBERED = 10_000;

    private final Path simple;
    private final Map<Path, Stamp> hashes;

    /** @param outputRoot the web root */
    public CoreMetadataFiles(Path outputRoot) {
        this(outputRoot, REMEMBERED);
    }

    CoreMetadataFiles(Path outputRoot, int remembered) {
        this.simple = outputRoot.resolve("simple");
        this.hashes = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Stamp> eldest) {
                return size() > remembered;
            }
        });
    }

    /** @return how many answers are remembered now */
    int remembered() {
        return hashes.size();
    }

    /**
     * @param canonicalName the package
     * @param filename      a wheel in {@code simple/<canonicalName>/}
     * @return the SHA-256 of its {@code .metadata} file, made now if the wheel is there
     *         without one; empty when there is no wheel or it has no METADATA
     */
    public Optional<String> sha256(String canonicalName, String filename) {
        PackageNames.requireSafePathComponent(canonicalName);
        PackageNames.requireSafePathComponent(filename);
        Path wheel = simple.resolve(canonicalName).resolve(filename);
        Path metadata = wheel.resolveSibling(filename + SUFFIX);
        try {
            if (!Files.exists(metadata)) {
                if (!Files.isRegularFile(wheel)) {
                    return Optional.empty();
                }
                if (Files.isSymbolicLink(wheel)) {
                    // an armv6l twin: its metadata is the armv7l wheel's, linked the same way
                    Path target = Files.readSymbolicLink(wheel);
                    if (sha256(canonicalName, target.getFileName().toString()).isEmpty()) {
                        return Optional.empty();
                    }
                    OutputDirectories.symlinkIfAbsent(metadata, Path.of(target + SUFFIX));
                } else if (extract(wheel).isEmpty()) {
                    return Optional.empty();
                }
            }
            BasicFileAttributes attrs = Files.readAttributes(metadata, BasicFileAttributes.class);
            long modified = attrs.lastModifiedTime().toMillis();
            Stamp known = hashes.get(metadata);
            if (known != null && known.size() == attrs.size() && known.modified() == modified) {
                return Optional.of(known.sha256());
            }
            String hash = WheelPublisher.sha256(metadata);
            hashes.put(metadata, new Stamp(attrs.size(), modified, hash));
            return Optional.of(hash);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no core metadata for {}: {}", wheel, e.toString());
            return Optional.empty();
        }
    }

    /**
     * For a wheel just put in place: writes its {@code .metadata} file anew (an
     * earlier wheel of the same name may have left one that no longer matches), or
     * removes that old file when the new wheel has no METADATA.
     *
     * @param canonicalName the package
     * @param filename      a wheel in {@code simple/<canonicalName>/} (not a symlink)
     * @return the SHA-256 of the new {@code .metadata} file; empty when the wheel has none
     * @throws IOException if a stale {@code .metadata} file cannot be removed
     */
    public Optional<String> replace(String canonicalName, String filename) throws IOException {
        PackageNames.requireSafePathComponent(canonicalName);
        PackageNames.requireSafePathComponent(filename);
        Path wheel = simple.resolve(canonicalName).resolve(filename);
        Path metadata = wheel.resolveSibling(filename + SUFFIX);
        Optional<String> hash = extract(wheel);
        hashes.remove(metadata); // the caller stores the new hash in the database
        if (hash.isEmpty()) {
            Files.deleteIfExists(metadata);
        }
        return hash;
    }

    /**
     * Writes the wheel's {@code *.dist-info/METADATA} beside it as {@code <wheel>.metadata}
     * (atomically, mode 0644).
     *
     * @return the SHA-256 of what was written; empty when the wheel is not a zip or has no METADATA
     */
    static Optional<String> extract(Path wheel) {
        byte[] metadata;
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry found = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String[] parts = e.getName().split("/");
                if (parts.length == 2 && parts[0].endsWith(".dist-info") && parts[1].equals("METADATA")) {
                    found = e;
                    break;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(found)) {
                metadata = in.readAllBytes();
            }
        } catch (IOException e) {
            return Optional.empty(); // not a readable zip: the wheel is published without PEP 658 metadata
        }
        new AtomicFileWriter(false).write(wheel.resolveSibling(wheel.getFileName() + SUFFIX), metadata);
        return Optional.of(HexFormat.of().formatHex(digest().digest(metadata)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
