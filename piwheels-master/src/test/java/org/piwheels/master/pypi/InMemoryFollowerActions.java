package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The follower's effects on an in-memory model of the database with the
 * semantics of spec/database.md §3.2, recording every call in order as
 * {@code "NEWPKG [foo, , desc]"}, {@code "web BOTH foo"}, {@code "skip DELPKG foo"}...
 * Can be told to fail at the n-th call, to simulate a crash mid-batch.
 */
final class InMemoryFollowerActions implements FollowerActions {

    record Pkg(String skip, String description) {
    }

    record Ver(String skip, boolean yanked, Instant released) {
    }

    final Map<String, Pkg> packages = new HashMap<>();
    final Map<List<String>, Ver> versions = new HashMap<>();
    final Map<String, Instant> names = new HashMap<>();
    final Map<List<String>, String> requiresPython = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    long serial;
    private int failAtCall = -1;

    /** The n-th call from now (1-based) throws. */
    void failAtCall(int n) {
        failAtCall = calls.size() + n;
    }

    private void call(String text) {
        calls.add(text);
        if (calls.size() == failAtCall) {
            failAtCall = -1;
            throw new IllegalStateException("simulated crash at " + text);
        }
    }

    /** The recorded calls, minus the ones starting with any of {@code prefixes}. */
    List<String> callsExcept(String... prefixes) {
        return calls.stream().filter(c -> {
            for (String p : prefixes) {
                if (c.startsWith(p)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    @Override
    public Set<String> allPackages() {
        call("ALLPKGS");
        return new LinkedHashSet<>(packages.keySet());
    }

    @Override
    public Set<org.piwheels.db.PackageVersion> allVersions() {
        call("ALLVERS");
        Set<org.piwheels.db.PackageVersion> out = new LinkedHashSet<>();
        versions.keySet().forEach(k -> out.add(new org.piwheels.db.PackageVersion(k.get(0), k.get(1))));
        return out;
    }

    @Override
    public long pypiSerial() {
        call("GETPYPI");
        return serial;
    }

    @Override
    public void setPypiSerial(long newSerial) {
        call("SETPYPI " + newSerial);
        if (newSerial < serial) {
            throw new IllegalStateException("serial cannot go backwards"); // as set_pypi_serial does
        }
        serial = newSerial;
    }

    @Override
    public boolean newPackage(String pkg, String skip, String description) {
        call("NEWPKG [" + pkg + ", " + skip + ", " + description + "]");
        return packages.putIfAbsent(pkg, new Pkg(skip, description)) == null;
    }

    @Override
    public void newPackageName(String pkg, String name, Instant seen) {
        call("NEWPKGNAME [" + pkg + ", " + name + ", " + seen + "]");
        if (!packages.containsKey(pkg)) {
            throw new IllegalStateException("23503: no package " + pkg);
        }
        names.put(name, seen == null ? Instant.EPOCH : seen);
    }

    @Override
    public boolean newVersion(String pkg, String version, Instant released, String skip) {
        call("NEWVER [" + pkg + ", " + version + ", " + released + ", " + skip + "]");
        if (!packages.containsKey(pkg)) {
            throw new IllegalStateException("23503: no package " + pkg);
        }
        return versions.putIfAbsent(List.of(pkg, version), new Ver(skip, false, released)) == null;
    }

    @Override
    public void setDescription(String pkg, String description) {
        call("SETDESC [" + pkg + ", " + description + "]");
        packages.computeIfPresent(pkg, (k, p) -> new Pkg(p.skip(), description));
    }

    @Override
    public void setRequiresPython(String pkg, String version, String spec) {
        call("SETREQPY [" + pkg + ", " + version + ", " + spec + "]");
        if (versions.containsKey(List.of(pkg, version))) {
            requiresPython.put(List.of(pkg, version), spec);
        }
    }

    @Override
    public void skipPackage(String pkg, String reason) {
        call("SKIPPKG [" + pkg + ", " + reason + "]");
        packages.computeIfPresent(pkg, (k, p) -> new Pkg(reason, p.description()));
    }

    @Override
    public void skipVersion(String pkg, String version, String reason) {
        call("SKIPVER [" + pkg + ", " + version + ", " + reason + "]");
        versions.computeIfPresent(List.of(pkg, version), (k, v) -> new Ver(reason, v.yanked(), v.released()));
    }

    @Override
    public String versionSkip(String pkg, String version) {
        call("GETSKIP [" + pkg + ", " + version + "]");
        Ver v = versions.get(List.of(pkg, version));
        return v == null ? null : v.skip();
    }

    @Override
    public void deletePackage(String pkg) {
        call("DELPKG " + pkg);
        packages.remove(pkg);
        versions.keySet().removeIf(k -> k.get(0).equals(pkg));
    }

    @Override
    public void deleteVersion(String pkg, String version) {
        call("DELVER [" + pkg + ", " + version + "]");
        versions.remove(List.of(pkg, version));
    }

    @Override
    public void yankVersion(String pkg, String version) {
        call("YANKVER [" + pkg + ", " + version + "]");
        versions.computeIfPresent(List.of(pkg, version), (k, v) -> new Ver(v.skip(), true, v.released()));
    }

    @Override
    public void unyankVersion(String pkg, String version) {
        call("UNYANKVER [" + pkg + ", " + version + "]");
        versions.computeIfPresent(List.of(pkg, version), (k, v) -> new Ver(v.skip(), false, v.released()));
    }

    @Override
    public void rewriteIndexAndProject(String pkg) {
        call("web BOTH " + pkg);
    }

    @Override
    public void rewriteProject(String pkg) {
        call("web PROJECT " + pkg);
    }

    @Override
    public void withdrawPackage(String pkg) {
        call("web+skip DELPKG " + pkg);
    }

    @Override
    public void withdrawVersion(String pkg, String version) {
        call("web+skip DELVER [" + pkg + ", " + version + "]");
    }
}
