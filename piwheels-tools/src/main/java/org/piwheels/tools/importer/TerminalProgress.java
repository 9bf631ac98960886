package org.piwheels.tools.importer;

import java.io.PrintStream;
import org.piwheels.cli.TextFormats;

/** A progress bar redrawn in place: files, bytes, percentage and rate. */
final class TerminalProgress implements ImportProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final ProgressCounter count = new ProgressCounter();
    private long lastDraw;

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(int files, long bytes) {
        count.start(files, bytes);
        draw(true);
    }

    @Override
    public void fileStarted(String filename, long size, boolean retry) {
        count.fileStarted(size, retry);
        if (retry) {
            out.print("\r\033[K");
            out.println("Master could not verify " + filename + "; sending it again");
        }
        draw(true);
    }

    @Override
    public void sent(long bytes) {
        count.sent(bytes);
        draw(false);
    }

    @Override
    public void fileSent(String filename) {
        count.fileSent();
        draw(true);
    }

    @Override
    public void finish() {
        draw(true);
        out.println();
        out.flush();
    }

    /** Redraws at most ten times a second, unless forced. */
    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = count.percent() * WIDTH / 100;
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + count.filesDone + "/" + count.files + " files, "
                + TextFormats.size(count.bytesDone()) + " of " + TextFormats.size(count.bytes)
                + " (" + count.percent() + "%), " + TextFormats.size(count.rate()) + "/s\033[K");
        out.flush();
    }
}
