package org.piwheels.slave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What an sdist's build needs before it can start: the {@code [build-system] requires}
 * of its top-level {@code pyproject.toml} (PEP 518), read from the archive without
 * running any of its code. Without that table pip builds with setuptools and wheel, so
 * those are the default; and since setuptools before 70.1 asks for wheel at build time
 * (a dynamic requirement an offline build cannot fetch then), wheel is added wherever
 * setuptools is named.
 */
final class BuildRequirements {
    static final List<String> DEFAULT = List.of("setuptools>=40.8.0", "wheel");
    /** A pyproject.toml larger than this is not read (none is near it). */
    private static final int MAX_PYPROJECT = 1 << 20;
    /** Tar headers looked at before giving up on finding pyproject.toml. */
    private static final int MAX_MEMBERS = 100_000;

    /**
     * @param requires the requirements to fetch
     * @param note     how they were found, for the build log
     */
    record Found(List<String> requires, String note) {
    }

    private BuildRequirements() {
    }

    /** Reads {@code sdist} (a {@code .tar.gz}, {@code .tgz}, {@code .tar} or {@code .zip}). */
    static Found of(Path sdist) {
        String text;
        try {
            text = pyproject(sdist);
        } catch (IOException | RuntimeException e) {
            return new Found(DEFAULT, "cannot read " + sdist.getFileName() + " (" + e.getMessage()
                    + "); assuming pip's default build requirements");
        }
        if (text == null) {
            return new Found(DEFAULT, "no pyproject.toml: pip's default build requirements");
        }
        JsonNode requires;
        try {
            requires = new TomlMapper().readTree(text).path("build-system").path("requires");
        } catch (IOException e) {
            return new Found(DEFAULT, "pyproject.toml is not valid TOML (" + e.getMessage().lines().findFirst().orElse("")
                    + "); assuming pip's default build requirements");
        }
        if (!requires.isArray()) {
            return new Found(DEFAULT, "pyproject.toml names no [build-system] requires: pip's default build requirements");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode r : requires) {
            if (r.isTextual() && !r.asText().isBlank()) {
                list.add(r.asText().strip());
            }
        }
        boolean setuptools = list.stream().anyMatch(r -> name(r).equals("setuptools"));
        if (setuptools && list.stream().noneMatch(r -> name(r).equals("wheel"))) {
            list.add("wheel");
        }
        return new Found(List.copyOf(list), "from pyproject.toml");
    }

    /** The project name a PEP 508 requirement starts with, normalized. */
    static String name(String requirement) {
        int end = 0;
        while (end < requirement.length()) {
            char c = requirement.charAt(end);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                break;
            }
            end++;
        }
        return SimpleIndexLinks.canonical(requirement.substring(0, end));
    }

    /** @return the text of {@code <top>/pyproject.toml}, or null when the archive has none */
    static String pyproject(Path sdist) throws IOException {
        String lower = sdist.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(sdist.toFile())) {
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (!e.isDirectory() && topLevelPyproject(e.getName())) {
                        try (InputStream in = zip.getInputStream(e)) {
                            return readAtMost(in, MAX_PYPROJECT);
                        }
                    }
                }
            }
            return null;
        }
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(sdist)), 65536)) {
                return fromTar(in);
            }
        }
        if (lower.endsWith(".tar")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(sdist))) {
                return fromTar(in);
            }
        }
        throw new IOException("an archive this slave cannot look into");
    }

    private static boolean topLevelPyproject(String member) {
        String name = member.startsWith("./") ? member.substring(2) : member;
        int slash = name.indexOf('/');
        return slash > 0 && name.substring(slash + 1).equals("pyproject.toml");
    }

    /** Walks ustar / pax / GNU headers until the top-level pyproject.toml. */
    private static String fromTar(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] header = new byte[512];
        String longName = null;
        for (int members = 0; members < MAX_MEMBERS; members++) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return null;
            }
            if (allZero(header)) {
                return null;
            }
            long size = size(header);
            char type = (char) header[156];
            String name = longName != null ? longName : headerName(header);
            longName = null;
            if (type == 'x' || type == 'L') {
                if (size > MAX_PYPROJECT) {
                    throw new IOException("a tar extended header of " + size + " bytes");
                }
                byte[] data = new byte[(int) size];
                in.readFully(data);
                skip(in, padding(size));
                longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                continue;
            }
            if ((type == '0' || type == '\0') && topLevelPyproject(name)) {
                if (size > MAX_PYPROJECT) {
                    throw new IOException("pyproject.toml of " + size + " bytes");
                }
                byte[] data = new byte[(int) size];
                in.readFully(data);
                return new String(data, StandardCharsets.UTF_8);
            }
            skip(in, size + padding(size));
        }
        return null;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        if (new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    /** The {@code path} record of a pax header ({@code "<len> path=<value>\n"}...), or null. */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 6);
            }
        }
        return null;
    }

    private static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String octal = cString(h, 124, 12).strip();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (size field '" + octal + "')");
        }
    }

    private static long padding(long size) {
        return (512 - size % 512) % 512;
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar archive cut short");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String readAtMost(InputStream in, int max) throws IOException {
        byte[] data = in.readNBytes(max + 1);
        if (data.length > max) {
            throw new IOException("pyproject.toml larger than " + max + " bytes");
        }
        return new String(data, StandardCharsets.UTF_8);
    }
}
