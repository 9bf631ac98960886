package org.piwheels.master.admin;

import java.util.ArrayList;
import java.util.List;

/** The order in which fake endpoints received their messages, as {@code "label message"} lines. */
public final class Journal {
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String label, Object message) {
        lines.add(label + " " + message);
    }

    /** @return the lines so far, removing them */
    public synchronized List<String> drain() {
        List<String> copy = new ArrayList<>(lines);
        lines.clear();
        return copy;
    }
}
