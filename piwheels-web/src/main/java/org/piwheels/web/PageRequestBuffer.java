package org.piwheels.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.piwheels.protocol.records.RewritePending;

/**
 * Coalesces {@code PROJECT}/{@code BOTH} page requests per package (the
 * debouncer; TheSecretary in 0.23, web spec §3.6). Pure logic with an injected
 * clock: no threads, no sockets.
 *
 * <p>Timing (ours, beyond 0.23, which delayed every request by the full
 * window): the first request for a package is released at once and opens a
 * window (60 s, 3 s in dev mode). Requests for that package inside the window
 * are merged ({@code BOTH} wins over {@code PROJECT}) and released once, when
 * the window ends; that release opens the next window, so a package's pages are
 * rewritten at most once per window however long a burst lasts. A window that
 * ends with nothing merged into it closes silently. So a lone request costs no
 * delay, and a burst costs one write per window.
 *
 * <p>Deletions must call {@link #drop}: the deletion rewrites or removes the
 * pages itself. {@link #export} and {@link #restore} carry merged requests
 * across restarts as {@code rewrites_pending} rows ({@code SAVERWP}/{@code LOADRWP}),
 * keeping the window start as {@code added_at}, which is also what 0.23 stores.
 *
 * <p>Thread-safe; every method is synchronised.
 */
public final class PageRequestBuffer {
    /** The production window. */
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** The window in {@code --dev-mode}. */
    public static final Duration DEV_WINDOW = Duration.ofSeconds(3);

    private final Clock clock;
    private final Duration window;
    /** Open windows in order of their start (oldest first): a drain can stop at the first one not yet due. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        final Instant start;
        PageCommand merged;

        Entry(Instant start, PageCommand merged) {
            this.start = start;
            this.merged = merged;
        }
    }

    /**
     * @param clock  the time source (a fixed or hand-advanced clock in tests)
     * @param window how long requests for one package are merged
     */
    public PageRequestBuffer(Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.clock = clock;
        this.window = window;
    }

    /** @param devMode whether the master runs in dev mode @return a buffer on the system clock with the matching window */
    public static PageRequestBuffer forMode(boolean devMode) {
        return new PageRequestBuffer(Clock.systemUTC(), devMode ? DEV_WINDOW : WINDOW);
    }

    /**
     * Takes a {@code PROJECT} or {@code BOTH} request.
     *
     * @param packageName canonical package name
     * @param command     what the requester wants rewritten
     * @return the rewrite to do now, or empty if it was merged into the package's open window
     */
    public synchronized Optional<Rewrite> offer(String packageName, PageCommand command) {
        Entry open = entries.get(packageName);
        if (open == null) {
            entries.put(packageName, new Entry(clock.instant(), null));
            return Optional.of(new Rewrite(packageName, command));
        }
        open.merged = open.merged == null ? command : open.merged.merge(command);
        return Optional.empty();
    }

    /**
     * Releases the merged requests whose window has ended, oldest first. Call it
     * regularly (every second, like 0.23's drain tick), except while paused.
     *
     * @return the rewrites to do now
     */
    public synchronized List<Rewrite> releaseDue() {
        Instant now = clock.instant();
        List<Rewrite> due = new ArrayList<>();
        List<String> reopen = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (now.isBefore(e.getValue().start.plus(window))) {
                break;
            }
            it.remove();
            if (e.getValue().merged != null) {
                due.add(new Rewrite(e.getKey(), e.getValue().merged));
                reopen.add(e.getKey());
            }
        }
        // A release opens the next window, at the tail because it starts now.
        reopen.forEach(p -> entries.put(p, new Entry(now, null)));
        return due;
    }

    /**
     * Forgets the package's window and merged request ({@code DELPKG}/{@code DELVER}).
     *
     * @param packageName canonical package name
     * @return whether a merged request was discarded
     */
    public synchronized boolean drop(String packageName) {
        Entry e = entries.remove(packageName);
        return e != null && e.merged != null;
    }

    /**
     * @return the merged, not yet released requests as {@code rewrites_pending}
     *         rows (window start as {@code added_at}), oldest first
     */
    public synchronized List<RewritePending> export() {
        List<RewritePending> rows = new ArrayList<>();
        entries.forEach((pkg, e) -> {
            if (e.merged != null) {
                rows.add(new RewritePending(pkg, e.start, e.merged.name()));
            }
        });
        return rows;
    }

    /**
     * Puts saved requests back, with their original times; overdue ones come
     * out of the next {@link #releaseDue}. A package that already has a window
     * keeps the older start and the stronger command.
     *
     * @param rows rows of {@code rewrites_pending}, in any order
     */
    public synchronized void restore(List<RewritePending> rows) {
        List<Map.Entry<String, Entry>> all = new ArrayList<>();
        entries.forEach((pkg, e) -> all.add(Map.entry(pkg, e)));
        for (RewritePending row : rows) {
            PageCommand cmd = PageCommand.valueOf(row.command());
            Entry existing = entries.get(row.packageName());
            Entry merged;
            if (existing == null) {
                merged = new Entry(row.addedAt(), cmd);
            } else {
                Instant start = existing.start.isBefore(row.addedAt()) ? existing.start : row.addedAt();
                merged = new Entry(start, existing.merged == null ? cmd : existing.merged.merge(cmd));
                all.removeIf(e -> e.getKey().equals(row.packageName()));
            }
            entries.put(row.packageName(), merged);
            all.add(Map.entry(row.packageName(), merged));
        }
        all.sort(Comparator.comparing(e -> e.getValue().start));
        entries.clear();
        all.forEach(e -> entries.put(e.getKey(), e.getValue()));
    }

    /** @return when the next window ends, for scheduling the next {@link #releaseDue}; empty if none is open */
    public synchronized Optional<Instant> nextDeadline() {
        return entries.values().stream().findFirst().map(e -> e.start.plus(window));
    }

    /** @return how many merged requests wait for their window to end */
    public synchronized int pendingCount() {
        return (int) entries.values().stream().filter(e -> e.merged != null).count();
    }

    /** @return the merge window */
    public Duration window() {
        return window;
    }
}
