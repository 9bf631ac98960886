package org.piwheels.monitor.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.time.Instant;
import org.piwheels.monitor.control.MonitorController;
import org.piwheels.monitor.link.LinkStatus;
import org.piwheels.monitor.model.MonitorModel;
import org.piwheels.monitor.model.SlaveState;

/**
 * Draws the whole screen from the model and the controller's state (components spec
 * §8.3): header and list at the top, the selected row's statistics box above a
 * one-line status bar, or the selected slave's detail page; dialogs on top. Every
 * frame is drawn from scratch at the screen's current size, so a resize only needs
 * a redraw.
 */
public final class MonitorView {
    private final Screen screen;
    private TerminalSize lastSize;

    /** @param screen where to draw */
    public MonitorView(Screen screen) {
        this.screen = screen;
    }

    /** Draws one frame and shows it. */
    public void render(MonitorModel model, MonitorController ctl, LinkStatus link, Instant now) throws IOException {
        screen.doResizeIfNecessary();
        TerminalSize size = screen.getTerminalSize();
        int cols = size.getColumns();
        int rows = size.getRows();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        int statusRow = rows - 1;
        int selected = ctl.resolveSelection();
        SlaveState slave = ctl.selectedId() == null ? null : model.slave(ctl.selectedId());
        if (ctl.detailOpen() && slave != null) {
            DetailView.draw(g, 0, statusRow, cols, slave, now);
        } else {
            SlaveTable table = new SlaveTable(model.master(), model.slaves(ctl.sortOrder(), now), ctl.sortOrder(), now);
            StatsBox box = slave != null ? StatsBoxes.slave(slave, now) : StatsBoxes.master(model.master(), now);
            int boxHeight = box.height();
            if (statusRow - boxHeight < 3) {
                boxHeight = 0; // too small: the list matters more
            }
            int listHeight = Math.max(0, statusRow - 1 - boxHeight);
            table.drawHeader(g, 0, cols);
            table.drawRows(g, 1, listHeight, cols, ctl.scrollFor(listHeight), selected);
            if (boxHeight > 0) {
                box.draw(g, statusRow - boxHeight, cols);
            }
        }
        drawStatusBar(g, statusRow, cols, link, ctl.feedback(), model.rejected());
        if (ctl.dialog() != null) {
            String subject = slave == null ? "Master " + model.master().label()
                    : "Slave " + slave.id() + " " + slave.label();
            DialogView.draw(g, cols, rows, ctl.dialog(), subject);
        }
        if (ctl.helpOpen()) {
            HelpOverlay.draw(g, cols, rows);
        }
        // after a resize the terminal's old content is not what the screen remembers: send everything
        screen.refresh(size.equals(lastSize) ? Screen.RefreshType.DELTA : Screen.RefreshType.COMPLETE);
        lastSize = size;
    }

    private static void drawStatusBar(TextGraphics g, int row, int cols, LinkStatus link, String feedback, long rejected) {
        String right = (feedback.isEmpty() ? "" : feedback + "  ")
                + (rejected > 0 ? rejected + " bad messages  " : "") + "h: help";
        String left = link.text();
        int gap = cols - left.length() - right.length();
        String line = gap >= 1 ? left + " ".repeat(gap) + right : Text.fit(left + " " + right, cols);
        g.enableModifiers(SGR.REVERSE);
        g.putString(0, row, Text.pad(line, cols));
        g.disableModifiers(SGR.REVERSE);
    }
}
