package org.piwheels.monitor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The most recent entries of something, oldest first, forgetting the oldest beyond
 * a capacity (100 statistics records, as the master keeps).
 *
 * @param <T> the entry type
 */
public final class History<T> {
    /** What the master and 0.23's monitor keep of each statistics stream. */
    public static final int STATS_CAPACITY = 100;

    private final int capacity;
    private final Deque<T> entries = new ArrayDeque<>();

    /** @param capacity how many entries to keep */
    public History(int capacity) {
        this.capacity = capacity;
    }

    /** Appends an entry, dropping the oldest when full. */
    public void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Replaces the newest entry (or adds one when empty). */
    public void replaceLast(T entry) {
        if (!entries.isEmpty()) {
            entries.removeLast();
        }
        add(entry);
    }

    /** Forgets everything. */
    public void clear() {
        entries.clear();
    }

    /** @return the newest entry, if any */
    public Optional<T> latest() {
        return Optional.ofNullable(entries.peekLast());
    }

    /** @return a copy of the entries, oldest first */
    public List<T> list() {
        return new ArrayList<>(entries);
    }

    /** @return how many entries there are */
    public int size() {
        return entries.size();
    }

    /** @return whether there are none */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
