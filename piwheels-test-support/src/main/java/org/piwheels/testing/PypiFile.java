package org.piwheels.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One file of a release on the fake PyPI.
 *
 * @param filename       the file name
 * @param content        its bytes
 * @param sha256         lower-case hex SHA-256 of the bytes
 * @param requiresPython the {@code Requires-Python} pip sees in the index, or {@code null}
 * @param uploadTime     when it was uploaded
 */
public record PypiFile(String filename, byte[] content, String sha256, String requiresPython, Instant uploadTime) {
    /** A file with its hash computed. */
    public static PypiFile of(String filename, byte[] content, String requiresPython, Instant uploadTime) {
        return new PypiFile(filename, content, sha256(content), requiresPython, uploadTime);
    }

    /** @return whether this is an sdist (not a wheel) */
    public boolean isSource() {
        return !filename.endsWith(".whl");
    }

    /** @return {@code sdist} or {@code bdist_wheel}, as PyPI's JSON API says */
    public String packageType() {
        return isSource() ? "sdist" : "bdist_wheel";
    }

    /** @return the kind PyPI names in its changelog: {@code source}, or the wheel's Python tag */
    public String changelogKind() {
        if (isSource()) {
            return "source";
        }
        String[] parts = filename.substring(0, filename.length() - 4).split("-");
        return parts[parts.length - 3];
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
