package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Suppresses repeated file events for one version (a release usually has many
 * files), remembering the last {@code capacity} versions seen.
 *
 * <p>The one repeat that matters is a version first seen with binary files only
 * ({@link PypiAction#CREATE}) that later gains a source file: that is reported
 * once more, as {@link PypiAction#SOURCE} with the <em>first</em> timestamp, so
 * the version can be enabled for building.
 */
public final class VersionCache {

    /** 0.23's size. */
    public static final int DEFAULT_CAPACITY = 1000;

    private record Key(String name, String version) {
    }

    private record Seen(Instant timestamp, PypiAction action) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, Seen> entries;

    public VersionCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        // access order: a repeat event refreshes the entry, like 0.23's move_to_end
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                return size() > VersionCache.this.capacity;
            }
        };
    }

    /**
     * @param action {@link PypiAction#CREATE} for a binary file, {@link PypiAction#SOURCE} for a source file
     * @return the timestamp to report the event with, or empty to suppress it
     */
    public Optional<Instant> admit(String name, String version, Instant timestamp, PypiAction action) {
        Key key = new Key(name, version);
        Seen seen = entries.get(key);
        if (seen == null) {
            entries.put(key, new Seen(timestamp, action));
            return Optional.of(timestamp);
        }
        if (seen.action() == PypiAction.CREATE && action == PypiAction.SOURCE) {
            entries.put(key, new Seen(seen.timestamp(), action));
            return Optional.of(seen.timestamp());
        }
        return Optional.empty();
    }

    /** A removed release starts afresh if it reappears. */
    public void forget(String name, String version) {
        entries.remove(new Key(name, version));
    }

    public boolean contains(String name, String version) {
        return entries.containsKey(new Key(name, version));
    }

    public int size() {
        return entries.size();
    }
}
