package org.piwheels.tools.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes valid wheels of about a given size for any package and version: a stored
 * (uncompressed) zip holding a payload of random bytes in the package's directory and
 * a {@code .dist-info} with METADATA, WHEEL and a RECORD listing every other member's
 * SHA-256 and size. The name follows the wheel rules for the package, version and
 * the ABI the slave simulates, so the master's checks accept it.
 */
final class WheelMaker {
    private final long targetSize;
    private final String pyTag;
    private final String abiTag;
    private final String platformTag;
    private final byte[] noise;

    /**
     * @param targetSize  the size the wheels should have, in bytes (at least the zip's own overhead, about 1 kB)
     * @param abiTag      e.g. {@code cp311}
     * @param platformTag e.g. {@code linux_x86_64}
     */
    WheelMaker(long targetSize, String abiTag, String platformTag) {
        if (targetSize > Integer.MAX_VALUE - (1 << 20)) {
            throw new IllegalArgumentException("wheels are made in memory; at most 2 GB");
        }
        this.targetSize = targetSize;
        this.abiTag = abiTag;
        this.pyTag = pyTag(abiTag);
        this.platformTag = platformTag;
        this.noise = new byte[(int) Math.max(0, targetSize)];
        new SplittableRandom(targetSize).nextBytes(noise);
    }

    /** {@code cp311} → {@code cp311}, {@code cp37m} → {@code cp37}; {@code none}/{@code abi3} → {@code py3}. */
    static String pyTag(String abi) {
        if (abi.matches("cp\\d+[a-z]*")) {
            return abi.replaceAll("[a-z]+$", "");
        }
        return abi.equals("none") || abi.equals("abi3") ? "py3" : abi;
    }

    /** Wheel name escaping of a project name (PEP 427): runs of other characters become one underscore. */
    static String packageTag(String name) {
        return name.replaceAll("[^\\w\\d.]+", "_");
    }

    /** Wheel name escaping of a version: a hyphen may not appear. */
    static String versionTag(String version) {
        return version.replaceAll("[^\\w\\d.!+]+", "_");
    }

    GeneratedWheel make(String packageName, String version) {
        String pkg = packageTag(packageName);
        String ver = versionTag(version);
        String filename = pkg + "-" + ver + "-" + pyTag + "-" + abiTag + "-" + platformTag + ".whl";
        String distInfo = pkg + "-" + ver + ".dist-info/";
        byte[] metadata = ("Metadata-Version: 2.1\nName: " + packageName + "\nVersion: " + version
                + "\nSummary: made by piw-loadgen\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] wheel = ("Wheel-Version: 1.0\nGenerator: piw-loadgen\nRoot-Is-Purelib: false\nTag: "
                + pyTag + "-" + abiTag + "-" + platformTag + "\n").getBytes(StandardCharsets.UTF_8);
        String payloadName = pkg.toLowerCase(Locale.ROOT) + "/_payload.bin";
        // first a wheel with an empty payload tells the overhead, then the payload fills the rest
        byte[] empty = zip(payloadName, 0, distInfo, metadata, wheel);
        int payload = (int) Math.max(0, Math.min(noise.length, targetSize - empty.length));
        byte[] content = payload == 0 ? empty : zip(payloadName, payload, distInfo, metadata, wheel);
        return new GeneratedWheel(GeneratedWheel.describe(filename, content.length, sha256Hex(content), pkg, ver,
                pyTag, abiTag, platformTag), content);
    }

    private byte[] zip(String payloadName, int payload, String distInfo, byte[] metadata, byte[] wheel) {
        StringBuilder record = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload + 2048);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            store(zip, payloadName, noise, payload, record);
            store(zip, distInfo + "METADATA", metadata, metadata.length, record);
            store(zip, distInfo + "WHEEL", wheel, wheel.length, record);
            record.append(distInfo).append("RECORD,,\n");
            byte[] r = record.toString().getBytes(StandardCharsets.UTF_8);
            store(zip, distInfo + "RECORD", r, r.length, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] data, int length, StringBuilder record)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(length);
        e.setCompressedSize(length);
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        e.setCrc(crc.getValue());
        e.setTime(315532800000L + 86400000L); // fixed, as reproducible wheels do
        zip.putNextEntry(e);
        zip.write(data, 0, length);
        zip.closeEntry();
        if (record != null) {
            MessageDigest d = digest();
            d.update(data, 0, length);
            record.append(name).append(",sha256=")
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest()))
                    .append(',').append(length).append('\n');
        }
    }

    static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
