package org.piwheels.protocol.wheels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.piwheels.protocol.PackageNames;

/**
 * The {@code METADATA} of a wheel (components spec §7.4 steps 2–4): found under
 * {@code <package>-<version>.dist-info/} or, failing that, under the canonical package
 * name; read as RFC 822 headers.
 *
 * @param headers every header, in order (names as written, values unfolded)
 */
public record WheelMetadata(List<Map.Entry<String, String>> headers) {
    private static final int MAX_NAME = 255;

    /** Reads the metadata of a wheel whose tags are already parsed. */
    public static WheelMetadata read(Path wheel, WheelFile tags) throws BadWheelException, IOException {
        String first = tags.packageTag() + "-" + tags.versionTag() + ".dist-info/METADATA";
        String second = PackageNames.canonicalize(tags.packageTag()) + "-" + tags.versionTag() + ".dist-info/METADATA";
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry e = zip.getEntry(first);
            if (e == null) {
                e = zip.getEntry(second);
            }
            if (e == null) {
                List<String> possible = new ArrayList<>();
                zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("/METADATA")).forEach(possible::add);
                throw new BadWheelException("Unable to locate METADATA in " + wheel.getFileName() + "; attempted: "
                        + List.of(first, second) + "; possible files: " + possible);
            }
            try (InputStream in = zip.getInputStream(e)) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (java.util.zip.ZipException ze) {
            // the file name first: console lines are cut at 120 characters, and a long path would hide it
            throw new BadWheelException(wheel.getFileName() + ": not a valid wheel (zip) file: " + ze.getMessage());
        }
    }

    /** Parses RFC 822 headers up to the first empty line (the body is the description). */
    public static WheelMetadata parse(String text) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String name = null;
        StringBuilder value = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append('\n').append(line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // not a header line; the email parser skips such defects too
            }
            if (name != null) {
                headers.add(Map.entry(name, value.toString()));
            }
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (name != null) {
            headers.add(Map.entry(name, value.toString()));
        }
        return new WheelMetadata(Collections.unmodifiableList(headers));
    }

    /** @return every value of a header (names compare case-insensitively) */
    public List<String> all(String header) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(header)) {
                out.add(h.getValue());
            }
        }
        return out;
    }

    /** @return {@code Requires-Python}, or null when absent */
    public String requiresPython() {
        List<String> v = all("Requires-Python");
        return v.isEmpty() ? null : v.get(0);
    }

    /**
     * The pip dependencies: every {@code Requires-Dist} that parses, has no marker on
     * {@code extra} and a name of at most 255 characters; canonical names, sorted,
     * without duplicates.
     */
    public List<String> pipDependencies() {
        TreeSet<String> names = new TreeSet<>();
        for (String raw : all("Requires-Dist")) {
            String req = raw.strip();
            if (req.isEmpty()) {
                continue;
            }
            Requirement.parse(req)
                    .filter(r -> !r.hasExtraMarker() && r.name().length() <= MAX_NAME)
                    .ifPresent(r -> names.add(PackageNames.canonicalize(r.name())));
        }
        return List.copyOf(names);
    }
}
