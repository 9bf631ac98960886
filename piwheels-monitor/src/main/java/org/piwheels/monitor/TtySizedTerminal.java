package org.piwheels.monitor;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.nio.charset.Charset;

/**
 * Lanterna's Unix terminal on standard input and output, sized from the kernel's
 * window size ({@code stty size} on {@code /dev/tty}) instead of Lanterna's in-band
 * query (move the cursor far away, ask the terminal where it went, read the answer
 * from the key input). That query runs from the SIGWINCH handler while the UI polls
 * the same input, and its answer is told from key sequences by timing and shape
 * (it reads like Shift+F3); on a loaded machine a resize once left the monitor
 * drawing itself two columns wide. The in-band query stays as the fallback where
 * there is no terminal size to read.
 */
final class TtySizedTerminal extends UnixTerminal {
    /** @param ctrlC what Ctrl+C does (TRAP: it arrives as a key, and the screen is restored before exit) */
    TtySizedTerminal(CtrlCBehaviour ctrlC) throws IOException {
        super(System.in, System.out, Charset.defaultCharset(), ctrlC);
    }

    @Override
    protected TerminalSize findTerminalSize() throws IOException {
        TerminalSize size = parse(sttySize());
        return size != null ? size : super.findTerminalSize();
    }

    private String sttySize() {
        try {
            return runSTTYCommand("size");
        } catch (IOException e) {
            return null; // no /dev/tty or no stty: ask the terminal itself
        }
    }

    /** @return the size in {@code stty size}'s "ROWS COLUMNS", or null when it says nothing usable (e.g. "0 0") */
    static TerminalSize parse(String sttySize) {
        if (sttySize == null) {
            return null;
        }
        String[] rowsColumns = sttySize.strip().split("\\s+");
        if (rowsColumns.length != 2) {
            return null;
        }
        try {
            int rows = Integer.parseInt(rowsColumns[0]);
            int columns = Integer.parseInt(rowsColumns[1]);
            return rows > 0 && columns > 0 ? new TerminalSize(columns, rows) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
