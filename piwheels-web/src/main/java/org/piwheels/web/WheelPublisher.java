package org.piwheels.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.piwheels.protocol.Nullable;

/**
 * Publishes uploaded wheels into {@code simple/<pkg>/} (web spec §3.2): the
 * file receiver writes an upload to {@link #newUploadFile}, checks it with
 * {@link #verify}, then calls {@link #commit}, which renames it into place,
 * adds the {@code linux_armv6l} twin symlink of a {@code linux_armv7l} wheel,
 * and extracts the wheel's core metadata as {@code <wheel>.metadata} (PEP 658).
 */
public final class WheelPublisher {
    private static final String ARMV7 = "linux_armv7l.whl";
    private static final String ARMV6 = "linux_armv6l.whl";

    private final Path simple;

    /** @param outputRoot the web root */
    public WheelPublisher(Path outputRoot) {
        this.simple = outputRoot.resolve("simple");
    }

    /**
     * The result of a commit.
     *
     * @param wheel              the published wheel
     * @param armv6Twin          the armv6l name created or kept beside it, or null for other platforms
     * @param coreMetadataSha256 SHA-256 of the extracted {@code .metadata} file, or null if the wheel has none
     */
    public record Published(Path wheel, @Nullable Path armv6Twin, @Nullable String coreMetadataSha256) {
    }

    /**
     * @return a new empty temporary file in {@code simple/} for an upload; removed at the next
     *         {@link SiteWriter#start} if the master dies before committing it
     */
    public Path newUploadFile() {
        try {
            Files.createDirectories(simple);
            Path temp = AtomicFileWriter.tempFileFor(simple.resolve("upload"));
            return Files.createFile(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload file in " + simple, e);
        }
    }

    /**
     * @param file           the received bytes
     * @param expectedSize   the size the sender announced
     * @param expectedSha256 the hash the sender announced (compared case-insensitively)
     * @return whether both match
     */
    public static boolean verify(Path file, long expectedSize, String expectedSha256) {
        try {
            return Files.size(file) == expectedSize && sha256(file).equalsIgnoreCase(expectedSha256);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Moves a verified upload into place as {@code simple/<canonical>/<filename>},
     * replacing any file or symlink of that name.
     *
     * @param upload        the verified temporary file (from {@link #newUploadFile})
     * @param canonicalName the package
     * @param filename      the wheel's own file name
     * @return what was published
     */
    public Published commit(Path upload, String canonicalName, String filename) {
        PackageNames.requireSafePathComponent(canonicalName);
        PackageNames.requireSafePathComponent(filename);
        Path dir = simple.resolve(canonicalName);
        OutputDirectories.ensureDirectory(dir);
        Path wheel = dir.resolve(filename);
        try {
            AtomicFileWriter.setMode0644(upload);
            try {
                Files.move(upload, wheel, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(upload, wheel, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + wheel, e);
        }
        String metadataHash = CoreMetadataFiles.extract(wheel).orElse(null);
        Path twin = armv6TwinName(filename).map(dir::resolve).orElse(null);
        if (twin != null) {
            // An existing armv6l file (a real armv6l build or an older link) is left alone.
            OutputDirectories.symlinkIfAbsent(twin, Path.of(filename));
            if (metadataHash != null) {
                OutputDirectories.symlinkIfAbsent(twin.resolveSibling(twin.getFileName() + ".metadata"),
                        Path.of(filename + ".metadata"));
            }
        }
        return new Published(wheel, twin, metadataHash);
    }

    /**
     * @param filename a wheel name
     * @return the armv6l twin name of a {@code linux_armv7l} wheel
     */
    public static Optional<String> armv6TwinName(String filename) {
        return filename.endsWith(ARMV7)
                ? Optional.of(filename.substring(0, filename.length() - ARMV7.length()) + ARMV6)
                : Optional.empty();
    }

    /** @param file any file @return its SHA-256 as lower-case hex */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = CoreMetadataFiles.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
