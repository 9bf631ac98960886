package org.piwheels.monitor.view;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/** Draws line boxes with an optional title in the top edge. */
final class Frame {
    private Frame() {
    }

    /** Draws a border on a blank screen area. */
    static void draw(TextGraphics g, int col, int row, int width, int height, String title) {
        draw(g, col, row, width, height, title, false);
    }

    /** Blanks the rectangle first and draws its border: for overlays drawn over other content. */
    static void overlay(TextGraphics g, int col, int row, int width, int height, String title) {
        draw(g, col, row, width, height, title, true);
    }

    private static void draw(TextGraphics g, int col, int row, int width, int height, String title, boolean blank) {
        if (width < 2 || height < 2) {
            return;
        }
        TextColor fg = g.getForegroundColor();
        if (blank) {
            g.fillRectangle(new TerminalPosition(col, row), new TerminalSize(width, height), ' ');
        }
        g.setForegroundColor(Palette.FRAME);
        String inner = "─".repeat(width - 2);
        g.putString(col, row, "┌" + inner + "┐");
        g.putString(col, row + height - 1, "└" + inner + "┘");
        for (int r = row + 1; r < row + height - 1; r++) {
            g.putString(col, r, "│");
            g.putString(col + width - 1, r, "│");
        }
        g.setForegroundColor(fg);
        if (title != null && !title.isEmpty() && width > 4) {
            g.putString(col + 2, row, Text.fit(" " + title + " ", width - 4));
        }
    }
}
