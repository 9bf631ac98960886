package org.piwheels.tools.rebuild;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Progress while the master queues pages for every package (it answers only when all
 * are queued, so elapsed time is all there is to show): a rewritten line on a
 * terminal, a log line every ten seconds otherwise.
 */
final class WaitingIndicator implements Consumer<Duration> {
    private static final String SPIN = "|/-\\";
    private static final long PLAIN_EVERY_S = 10;

    private final PrintStream terminal;
    private final Logger log;
    private long lastPlain;
    private int turn;
    private boolean drawn;

    /** @param terminal the terminal to draw on, or null for plain log lines */
    WaitingIndicator(PrintStream terminal, Logger log) {
        this.terminal = terminal;
        this.log = log;
    }

    @Override
    public void accept(Duration waited) {
        long s = waited.toSeconds();
        if (terminal != null) {
            terminal.print("\rQueuing pages for all packages " + SPIN.charAt(turn++ % SPIN.length()) + " " + s + " s ");
            terminal.flush();
            drawn = true;
        } else if (s / PLAIN_EVERY_S > lastPlain) {
            lastPlain = s / PLAIN_EVERY_S;
            log.warn("Still queuing pages for all packages ({} s)", s);
        }
    }

    /** Ends the rewritten line, if one was drawn. */
    void finish() {
        if (drawn) {
            terminal.println();
        }
    }
}
