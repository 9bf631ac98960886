package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/**
 * Checks the files a slave reports in {@code BUILT} before anything is asked of the
 * file receiver or written to the database (beyond 0.23, which trusted them): each
 * name must be a wheel name whose parts agree with the file's tags and with the
 * build's package and version, names must be unique, and the hash must be a
 * SHA-256 (otherwise the file could never verify and the slave would be asked for
 * it forever). Dependency tools other than {@code apt}, {@code pip} and {@code ""}
 * are dropped with a log line.
 */
public final class BuildFileCheck {
    /** What the check found: the cleaned files, or why the build cannot be accepted. */
    record Result(List<FileState> files, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private static final Set<String> TOOLS = Set.of("apt", "pip", "");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("[^-/\\\\\\s]+");

    private BuildFileCheck() {
    }

    /**
     * @param packageName the package the slave was told to build
     * @param version     the version it was told to build
     * @param files       the files it reported
     * @param log         where dropped dependency tools are logged
     */
    static Result check(String packageName, String version, List<FileState> files, Logger log) {
        List<FileState> cleaned = new ArrayList<>(files.size());
        Set<String> names = new HashSet<>();
        for (FileState f : files) {
            String problem = problem(packageName, version, f);
            if (problem == null && !names.add(f.filename())) {
                problem = "file " + f.filename() + " is listed twice";
            }
            if (problem != null) {
                return new Result(List.of(), problem);
            }
            cleaned.add(withKnownTools(f, log));
        }
        return new Result(cleaned, null);
    }

    /**
     * The part of the check an import needs before its build is recorded: the name
     * is a single safe path component ending {@code .whl} and names the package.
     *
     * @return why the file must be refused, or null
     */
    public static String unsafeName(String packageName, FileState f) {
        String name = f.filename();
        if (!WheelPublisher.safeName(name) || !name.endsWith(".whl") || name.indexOf('-') <= 0) {
            return "file name " + name + " is not a wheel name";
        }
        if (!PackageNames.canonicalize(name.substring(0, name.indexOf('-'))).equals(PackageNames.canonicalize(packageName))) {
            return "file " + name + " is not of package " + packageName;
        }
        return null;
    }

    private static String problem(String packageName, String version, FileState f) {
        String name = f.filename();
        if (!WheelPublisher.safeName(name) || !name.endsWith(".whl")) {
            return "file name " + name + " is not a wheel name";
        }
        String[] parts = name.substring(0, name.length() - 4).split("-", -1);
        if (parts.length != 5 && parts.length != 6) {
            return "file name " + name + " is not a wheel name";
        }
        for (String p : parts) {
            if (!PART.matcher(p).matches()) {
                return "file name " + name + " is not a wheel name";
            }
        }
        int n = parts.length;
        if (n == 6 && !Character.isDigit(parts[2].charAt(0))) {
            return "file name " + name + " has a build tag that does not start with a digit";
        }
        if (!parts[0].equals(f.packageTag()) || !parts[1].equals(f.packageVersionTag())
                || !parts[n - 3].equals(f.pyVersionTag()) || !parts[n - 2].equals(f.abiTag())
                || !parts[n - 1].equals(f.platformTag())) {
            return "file name " + name + " does not match its tags";
        }
        if (!PackageNames.canonicalize(f.packageTag()).equals(PackageNames.canonicalize(packageName))) {
            return "file " + name + " is not of package " + packageName;
        }
        if (!VersionTags.same(f.packageVersionTag(), version)) {
            return "file " + name + " is not of version " + version;
        }
        if (f.filesize() < 0) {
            return "file " + name + " has a negative size";
        }
        if (!SHA256.matcher(f.filehash()).matches()) {
            return "file " + name + " has no SHA-256 hash";
        }
        return null;
    }

    private static FileState withKnownTools(FileState f, Logger log) {
        if (TOOLS.containsAll(f.dependencies().keySet())) {
            return f;
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        f.dependencies().forEach((tool, names) -> {
            if (TOOLS.contains(tool)) {
                deps.put(tool, names);
            } else {
                log.warn("dropping dependencies of unknown tool '{}' of {}: {}", tool, f.filename(), names);
            }
        });
        return new FileState(f.filename(), f.filesize(), f.filehash(), f.packageTag(), f.packageVersionTag(),
                f.pyVersionTag(), f.abiTag(), f.platformTag(), f.requiresPython(), deps, f.location());
    }
}
