package org.piwheels.master.build;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.piwheels.protocol.records.BuildRequest;

/**
 * The slave driver's per-ABI build queues and the builds excluded from them until a
 * moment (components spec §5.8): a build handed to a slave stays excluded for the
 * slave's build timeout, a deleted package or version for an hour. An exclusion
 * with a null version covers every version of the package. No I/O.
 */
final class BuildQueues {
    private record Key(String packageName, String version) {
    }

    private final Map<String, Deque<BuildRequest>> queues = new TreeMap<>();
    private final Map<String, Map<Key, Instant>> excluded = new HashMap<>();

    /**
     * Replaces every queue by the planner's, minus what is excluded; ABIs that are not
     * build ABIs are ignored (0.23 would fail on them).
     */
    void refresh(Map<String, List<BuildRequest>> received, Set<String> buildAbis, Instant now) {
        for (String abi : buildAbis) {
            excluded.computeIfAbsent(abi, a -> new HashMap<>()).values().removeIf(until -> !until.isAfter(now));
        }
        queues.clear();
        for (String abi : buildAbis) {
            Deque<BuildRequest> q = new ArrayDeque<>();
            for (BuildRequest b : received.getOrDefault(abi, List.of())) {
                if (!isExcluded(abi, b, now)) {
                    q.add(b);
                }
            }
            queues.put(abi, q);
        }
    }

    /** Excludes a build for one ABI until {@code until}; a null version means every version. */
    void exclude(String abi, String packageName, String version, Instant until) {
        excluded.computeIfAbsent(abi, a -> new HashMap<>()).merge(new Key(packageName, version), until,
                (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Beyond 0.23: a build whose slave vanished before finishing it (timed out or said
     * BYE) is handed out again at once, ahead of the queue, instead of staying reserved
     * for the whole of that slave's build timeout; a deletion still excludes it.
     */
    void release(String abi, String packageName, String version, Instant now) {
        Map<Key, Instant> ex = excluded.get(abi);
        if (ex != null) {
            ex.remove(new Key(packageName, version));
        }
        BuildRequest b = new BuildRequest(packageName, version);
        Deque<BuildRequest> q = queues.get(abi);
        if (q != null && !isExcluded(abi, b, now) && !q.contains(b)) {
            q.addFirst(b);
        }
    }

    /**
     * A package (null version) or version was deleted: exclude it for every build ABI
     * until {@code until} and drop it from the queues.
     */
    void delete(String packageName, String version, Collection<String> buildAbis, Instant until) {
        for (String abi : buildAbis) {
            exclude(abi, packageName, version, until);
            queues.computeIfAbsent(abi, a -> new ArrayDeque<>()).removeIf(b -> b.packageName().equals(packageName)
                    && (version == null || b.version().equals(version)));
        }
    }

    /** @return whether the build may not be handed out for this ABI now */
    boolean isExcluded(String abi, BuildRequest b, Instant now) {
        Map<Key, Instant> ex = excluded.get(abi);
        if (ex == null) {
            return false;
        }
        Instant v = ex.get(new Key(b.packageName(), b.version()));
        Instant p = ex.get(new Key(b.packageName(), null));
        return (v != null && v.isAfter(now)) || (p != null && p.isAfter(now));
    }

    /**
     * Takes the first build of the ABI's queue that is not excluded, discarding the
     * excluded ones before it.
     *
     * @return the build, or null if none is left
     */
    BuildRequest next(String abi, Instant now) {
        Deque<BuildRequest> q = queues.get(abi);
        while (q != null && !q.isEmpty()) {
            BuildRequest b = q.poll();
            if (!isExcluded(abi, b, now)) {
                return b;
            }
        }
        return null;
    }

    /** @return the ABIs that have queues */
    Set<String> abis() {
        return Set.copyOf(queues.keySet());
    }

    /** @return every queue's length, for STATBQ */
    Map<String, Long> lengths() {
        Map<String, Long> out = new TreeMap<>();
        queues.forEach((abi, q) -> out.put(abi, (long) q.size()));
        return out;
    }

    /** @return a copy of one ABI's queue */
    List<BuildRequest> queue(String abi) {
        Deque<BuildRequest> q = queues.get(abi);
        return q == null ? List.of() : List.copyOf(q);
    }
}
