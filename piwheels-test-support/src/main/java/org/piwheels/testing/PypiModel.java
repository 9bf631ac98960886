package org.piwheels.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the fake PyPI holds: projects, releases, files and the changelog. Every change
 * appends changelog rows with PyPI's action texts (components spec §5.11.2) and
 * increasing serials. Thread-safe: changes may happen while the server answers.
 */
final class PypiModel {
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final List<ChangelogEntry> changelog = new ArrayList<>();
    private long serial;
    private Supplier<Instant> clock = Instant::now;

    synchronized void clock(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized void startSerialAt(long first) {
        if (!changelog.isEmpty()) {
            throw new IllegalStateException("the changelog already has rows");
        }
        serial = first - 1;
    }

    /** Runs {@code reader} under the lock (handlers use this for a consistent view). */
    synchronized <T> T read(Function<PypiModel, T> reader) {
        return reader.apply(this);
    }

    /** @return the project by canonical name, or null; call inside {@link #read} */
    Project project(String name) {
        return projects.get(Names.canonicalize(name));
    }

    /** @return every project; call inside {@link #read} */
    Iterable<Project> projects() {
        return projects.values();
    }

    synchronized void addProject(String name, String summary) {
        if (project(name) != null) {
            throw new IllegalArgumentException("project exists: " + name);
        }
        projects.put(Names.canonicalize(name), new Project(name, summary));
        log(name, null, "create");
    }

    synchronized void setSummary(String name, String summary) {
        existing(name).summary = summary;
    }

    synchronized void addRelease(String name, String version) {
        Project p = existing(name);
        if (p.releases.containsKey(version)) {
            throw new IllegalArgumentException("release exists: " + name + " " + version);
        }
        p.releases.put(version, new Release(version, clock.get()));
        log(p.name, version, "new release");
    }

    synchronized PypiFile addFile(String name, String version, String filename, byte[] content, String requiresPython) {
        Release r = existingRelease(name, version);
        PypiFile f = PypiFile.of(filename, content, requiresPython, clock.get());
        r.files.add(f);
        log(existing(name).name, version, "add " + f.changelogKind() + " file " + filename);
        return f;
    }

    synchronized void removeFile(String name, String version, String filename) {
        Release r = existingRelease(name, version);
        if (!r.files.removeIf(f -> f.filename().equals(filename))) {
            throw new IllegalArgumentException("no such file: " + filename);
        }
        log(existing(name).name, version, "remove file " + filename);
    }

    synchronized void removeRelease(String name, String version) {
        existingRelease(name, version);
        existing(name).releases.remove(version);
        log(existing(name).name, version, "remove release");
    }

    synchronized void removeProject(String name) {
        Project p = existing(name);
        projects.remove(Names.canonicalize(name));
        log(p.name, null, "remove project");
    }

    synchronized void yank(String name, String version, String reason) {
        Release r = existingRelease(name, version);
        r.yanked = true;
        r.yankReason = reason == null ? "" : reason;
        log(existing(name).name, version, "yank release");
    }

    synchronized void unyank(String name, String version) {
        Release r = existingRelease(name, version);
        r.yanked = false;
        r.yankReason = "";
        log(existing(name).name, version, "unyank release");
    }

    /** Appends a row with any action text (renames, owner changes, docupdate, ...). */
    synchronized ChangelogEntry log(String name, String version, String action) {
        ChangelogEntry e = new ChangelogEntry(name, version, clock.get().getEpochSecond(), action, ++serial);
        changelog.add(e);
        Project p = project(name);
        if (p != null) {
            p.lastSerial = e.serial();
        }
        return e;
    }

    /** Appends a row exactly as given (for out-of-order timestamps); its serial must exceed the last. */
    synchronized void append(ChangelogEntry e) {
        if (e.serial() <= serial) {
            throw new IllegalArgumentException("serial " + e.serial() + " not above " + serial);
        }
        serial = e.serial();
        changelog.add(e);
    }

    synchronized long lastSerial() {
        return serial;
    }

    /** Rows with a serial above {@code since}, at most {@code max}, in serial order. */
    synchronized List<ChangelogEntry> since(long since, int max) {
        List<ChangelogEntry> out = new ArrayList<>();
        for (ChangelogEntry e : changelog) {
            if (e.serial() > since && out.size() < max) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized List<ChangelogEntry> changelog() {
        return List.copyOf(changelog);
    }

    /** @return the file with that name in any release, or null */
    synchronized PypiFile file(String filename) {
        for (Project p : projects.values()) {
            for (Release r : p.releases.values()) {
                for (PypiFile f : r.files) {
                    if (f.filename().equals(filename)) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    private Project existing(String name) {
        Project p = project(name);
        if (p == null) {
            throw new IllegalArgumentException("no such project: " + name);
        }
        return p;
    }

    private Release existingRelease(String name, String version) {
        Release r = existing(name).releases.get(version);
        if (r == null) {
            throw new IllegalArgumentException("no such release: " + name + " " + version);
        }
        return r;
    }
}
