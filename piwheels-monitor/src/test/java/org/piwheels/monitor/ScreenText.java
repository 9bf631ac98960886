package org.piwheels.monitor;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;

/** Reads what reached a virtual terminal, cell by cell. */
public final class ScreenText {
    private final VirtualTerminal terminal;

    public ScreenText(VirtualTerminal terminal) {
        this.terminal = terminal;
    }

    /** @return the characters of one row, trailing spaces removed */
    public String row(int row) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < terminal.getTerminalSize().getColumns(); c++) {
            sb.append(terminal.getCharacter(c, row).getCharacterString());
        }
        return sb.toString().stripTrailing();
    }

    /** @return the whole screen, one line a row */
    public String all() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < terminal.getTerminalSize().getRows(); r++) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    /** @return the first row containing {@code text}, or -1 */
    public int rowOf(String text) {
        for (int r = 0; r < terminal.getTerminalSize().getRows(); r++) {
            if (row(r).contains(text)) {
                return r;
            }
        }
        return -1;
    }

    /** @return the cell at a position */
    public TextCharacter cell(int col, int row) {
        return terminal.getCharacter(col, row);
    }

    /** @return the row count */
    public int rows() {
        return terminal.getTerminalSize().getRows();
    }
}
