package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.piwheels.protocol.PackageNames;

/**
 * Reconcile mode (beyond 0.23): after a large gap (first start, long outage),
 * instead of replaying millions of changelog events, compare the database with
 * PyPI's project listing ({@link SimpleListing}) as bandersnatch's simple mode
 * does. Only projects whose {@code _last-serial} is after the stored serial are
 * looked at; each one's JSON document is turned into the events that would have
 * produced its current state, which the {@link PypiEventHandler} applies as it
 * applies the changelog's (same database and page requests):
 *
 * <ul>
 * <li>{@code create} for the project;</li>
 * <li>per release with files, oldest first: {@code source} (it has an sdist) or
 *     {@code create} (binary only), dated by its first upload, with its
 *     Requires-Python; then {@code yank}, or {@code unyank} for a release the
 *     database already had (it may have been unyanked meanwhile);</li>
 * <li>{@code remove} for each version the database has and PyPI no longer lists;</li>
 * <li>{@code remove} for each project PyPI no longer has (absent from the listing,
 *     or its JSON answers 404).</li>
 * </ul>
 */
final class Reconciler {

    private final ProjectSummarySource json;
    private final Deque<String> todo = new ArrayDeque<>();
    private final List<String> removedProjects = new ArrayList<>();
    private final Map<String, Set<String>> knownVersions = new HashMap<>();
    private final Set<String> knownPackages;
    private long listingSerial;
    private int done;

    /**
     * @param listing       PyPI's listing
     * @param storedSerial  the serial the database reflects: projects changed after it are looked at
     * @param knownPackages the packages the database holds
     * @param knownVersions the (package, version) pairs the database holds ({@code ALLVERS})
     */
    Reconciler(ProjectSummarySource json, SimpleListing listing, long storedSerial, Set<String> knownPackages,
               Set<org.piwheels.db.PackageVersion> knownVersions) {
        this.json = json;
        this.listingSerial = listing.lastSerial();
        this.knownPackages = new HashSet<>(knownPackages);
        for (org.piwheels.db.PackageVersion pv : knownVersions) {
            this.knownVersions.computeIfAbsent(pv.packageName(), k -> new HashSet<>()).add(pv.version());
        }
        Set<String> listed = new HashSet<>();
        TreeSet<String> changed = new TreeSet<>();
        listing.projects().forEach((name, serial) -> {
            listed.add(PackageNames.canonicalize(name));
            if (serial > storedSerial) {
                changed.add(name);
            }
        });
        todo.addAll(changed);
        // An empty listing is far more likely a broken mirror than PyPI losing everything.
        if (!listing.projects().isEmpty()) {
            new TreeSet<>(knownPackages).stream().filter(p -> !listed.contains(p)).forEach(removedProjects::add);
        }
    }

    /** The serial to continue the changelog from once done. */
    long listingSerial() {
        return listingSerial;
    }

    /** Projects still to look at (including removals). */
    int remaining() {
        return todo.size() + removedProjects.size();
    }

    int done() {
        return done;
    }

    /**
     * The events for the next project, or empty when everything is done.
     *
     * @throws PypiException if its JSON could not be had; a transient failure leaves the
     *                       project first in line, any other skips it
     */
    Optional<List<PypiEvent>> next(Instant now) throws PypiException {
        if (!todo.isEmpty()) {
            String name = todo.peekFirst();
            Optional<ProjectSummary> summary;
            try {
                summary = json.summaryOf(name);
            } catch (PypiException e) {
                if (!e.isTransient()) {
                    todo.removeFirst();
                    done++;
                }
                throw e;
            }
            todo.removeFirst();
            done++;
            return Optional.of(summary.map(s -> eventsFor(name, s, now)).orElseGet(() -> gone(name, now)));
        }
        if (!removedProjects.isEmpty()) {
            done++;
            return Optional.of(gone(removedProjects.remove(0), now));
        }
        return Optional.empty();
    }

    private List<PypiEvent> gone(String name, Instant now) {
        String pkg = PackageNames.canonicalize(name);
        if (!knownPackages.contains(pkg)) {
            return List.of();
        }
        return List.of(new PypiEvent(name, null, now, PypiAction.REMOVE, null, listingSerial));
    }

    private List<PypiEvent> eventsFor(String name, ProjectSummary summary, Instant now) {
        String pkg = PackageNames.canonicalize(name);
        long serial = summary.lastSerial() == ProjectSummary.UNKNOWN_SERIAL ? listingSerial : summary.lastSerial();
        Set<String> before = knownVersions.getOrDefault(pkg, Set.of());
        List<Map.Entry<String, ReleaseInfo>> releases = summary.releases().entrySet().stream()
                .filter(e -> e.getValue().firstUpload() != null)
                .sorted(Comparator.comparing((Map.Entry<String, ReleaseInfo> e) -> e.getValue().firstUpload())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        Instant created = releases.isEmpty() ? now : releases.get(0).getValue().firstUpload();
        List<PypiEvent> events = new ArrayList<>();
        events.add(new PypiEvent(name, null, created, PypiAction.CREATE, summary.text(), serial));
        for (Map.Entry<String, ReleaseInfo> e : releases) {
            String version = e.getKey();
            ReleaseInfo r = e.getValue();
            events.add(new PypiEvent(name, version, r.firstUpload(), r.hasSource() ? PypiAction.SOURCE : PypiAction.CREATE,
                    summary.text(), serial, r.requiresPython()));
            if (r.yanked()) {
                events.add(new PypiEvent(name, version, r.firstUpload(), PypiAction.YANK, null, serial));
            } else if (before.contains(version)) {
                events.add(new PypiEvent(name, version, r.firstUpload(), PypiAction.UNYANK, null, serial));
            }
        }
        for (String version : new TreeSet<>(before)) {
            if (!summary.releases().containsKey(version)) {
                events.add(new PypiEvent(name, version, now, PypiAction.REMOVE, null, serial));
            }
        }
        return events;
    }
}
