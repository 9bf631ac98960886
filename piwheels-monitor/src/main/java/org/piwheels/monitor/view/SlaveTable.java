package org.piwheels.monitor.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.monitor.model.MasterState;
import org.piwheels.monitor.model.RowState;
import org.piwheels.monitor.model.SlaveState;
import org.piwheels.monitor.model.SortOrder;

/**
 * The header line and the list of rows: the master, then one per slave (components
 * spec §8.3). Column widths grow to the widest cell plus one space; {@code ^} marks
 * the columns the slaves are sorted on.
 */
final class SlaveTable {
    /** Where the coloured state marker is: first column for the master, second for slaves. */
    private static final int MASTER_MARKER = 0;
    private static final int SLAVE_MARKER = 1;

    /** One row's cells, its state and whether it is late. */
    private record Row(List<String> cells, int markerColumn, RowState state, boolean late) {
    }

    private final List<String> header;
    private final List<Row> rows = new ArrayList<>();
    private final int[] widths;

    /**
     * @param master the master
     * @param slaves the slaves, in display order
     * @param order  their order (for the header's {@code ^})
     * @param now    the time the elapsed columns are measured to
     */
    SlaveTable(MasterState master, List<SlaveState> slaves, SortOrder order, Instant now) {
        header = headerFor(order);
        rows.add(new Row(List.of("▪", "", "", master.label(), "", Times.since(master.startTime(), now),
                Times.since(master.lastSeen(), now), MasterState.STATUS), MASTER_MARKER, master.state(now), false));
        for (int i = 0; i < slaves.size(); i++) {
            SlaveState s = slaves.get(i);
            String branch = i == slaves.size() - 1 ? "└─" : "├─";
            Instant taskStart = s.buildStart() != null ? s.buildStart() : s.lastSeen();
            rows.add(new Row(List.of(branch, "▪", Long.toString(s.id()), s.label(), s.abi(),
                    Times.since(s.firstSeen(), now), Times.since(taskStart, now), s.status()),
                    SLAVE_MARKER, s.state(now), s.isLate(now)));
        }
        widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            int w = header.get(c).isEmpty() ? 0 : header.get(c).length() + 1;
            for (Row r : rows) {
                w = Math.max(w, r.cells().get(c).length() + 1);
            }
            widths[c] = w;
        }
    }

    private static List<String> headerFor(SortOrder order) {
        return List.of("S", "", order == SortOrder.ID ? "#^" : "#",
                order == SortOrder.ABI_LABEL || order == SortOrder.LABEL ? "Label^" : "Label",
                order == SortOrder.ABI_LABEL ? "ABI^" : "ABI",
                order == SortOrder.UP_TIME ? "Up Time^" : "Up Time",
                order == SortOrder.TASK_TIME ? "Task Time^" : "Task Time", "Task");
    }

    /** @return how many rows (master included) */
    int size() {
        return rows.size();
    }

    /** Draws the header at {@code top}. */
    void drawHeader(TextGraphics g, int top, int width) {
        g.enableModifiers(SGR.BOLD);
        g.putString(0, top, Text.pad(join(header), width));
        g.disableModifiers(SGR.BOLD);
    }

    /**
     * Draws rows {@code first} .. from screen row {@code top}, at most {@code height}
     * of them, the {@code selected} one in reverse video.
     */
    void drawRows(TextGraphics g, int top, int height, int width, int first, int selected) {
        for (int i = 0; i < height && first + i < rows.size(); i++) {
            Row row = rows.get(first + i);
            int y = top + i;
            TextColor fg = row.late() ? Palette.LATE : TextColor.ANSI.DEFAULT;
            g.setForegroundColor(fg);
            if (row.late()) {
                g.enableModifiers(SGR.BOLD);
            }
            if (first + i == selected) {
                g.enableModifiers(SGR.REVERSE);
            }
            // only the selected row needs padding: its reverse video runs the full width
            String line = join(row.cells());
            g.putString(0, y, first + i == selected ? Text.pad(line, width) : Text.fit(line, width));
            int markerCol = 0;
            for (int c = 0; c < row.markerColumn(); c++) {
                markerCol += widths[c];
            }
            if (markerCol < width) {
                g.setForegroundColor(Palette.of(row.state()));
                g.putString(markerCol, y, "▪");
            }
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            g.disableModifiers(SGR.REVERSE, SGR.BOLD);
        }
    }

    private String join(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            sb.append(c == cells.size() - 1 ? cell : Text.pad(cell, widths[c]));
        }
        return sb.toString();
    }
}
