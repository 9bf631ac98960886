package org.piwheels.tools.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.piwheels.protocol.wheels.BadWheelException;

/**
 * Checks a wheel's {@code RECORD} (PEP 427/376): every member listed with a
 * {@code sha256=} hash must have that hash and, when given, that size. A wheel
 * that fails is corrupt or tampered with, and is refused before anything is sent.
 */
final class WheelRecordCheck {
    private WheelRecordCheck() {
    }

    /** @throws BadWheelException naming the first member that does not match, or a missing RECORD */
    static void check(ZipFile zip, String wheelName) throws IOException, BadWheelException {
        List<ZipEntry> records = zip.stream().filter(e -> e.getName().endsWith(".dist-info/RECORD")
                && e.getName().indexOf('/') == e.getName().length() - "/RECORD".length())
                .collect(Collectors.toList());
        if (records.size() != 1) {
            throw new BadWheelException(wheelName + ": expected one .dist-info/RECORD, found " + records.size());
        }
        String text;
        try (InputStream in = zip.getInputStream(records.get(0))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            // path,algorithm=digest,size; a path with a comma is quoted (csv), which we honour for the common case
            String[] fields = splitCsv(line);
            if (fields.length < 3 || fields[1].isEmpty()) {
                continue; // RECORD itself and signatures carry no hash
            }
            checkMember(zip, wheelName, fields[0], fields[1], fields[2]);
        }
    }

    private static void checkMember(ZipFile zip, String wheelName, String path, String hash, String size)
            throws IOException, BadWheelException {
        int eq = hash.indexOf('=');
        if (eq < 0 || !hash.substring(0, eq).equals("sha256")) {
            return; // other algorithms are allowed by the PEP but not checked here
        }
        ZipEntry e = zip.getEntry(path);
        if (e == null) {
            throw new BadWheelException(wheelName + ": RECORD lists " + path + ", which is missing");
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        long n = 0;
        try (InputStream in = zip.getInputStream(e)) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
                n += r;
            }
        }
        String actual = Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest());
        if (!actual.equals(hash.substring(eq + 1))) {
            throw new BadWheelException(wheelName + ": hash of " + path + " does not match its RECORD entry");
        }
        if (!size.isEmpty() && !size.equals(Long.toString(n))) {
            throw new BadWheelException(wheelName + ": size of " + path + " does not match its RECORD entry");
        }
    }

    private static String[] splitCsv(String line) {
        if (!line.startsWith("\"")) {
            return line.split(",", -1);
        }
        int close = line.indexOf("\",", 1);
        if (close < 0) {
            return new String[0];
        }
        String path = line.substring(1, close).replace("\"\"", "\"");
        String[] rest = line.substring(close + 2).split(",", -1);
        String[] out = new String[rest.length + 1];
        out[0] = path;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
