package org.piwheels.monitor.view;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/** The help dialog: every key and what it does. */
final class HelpOverlay {
    /** The keys, as the help dialog and docs/monitor.md list them. */
    static final List<String> LINES = List.of(
            "j / Down, k / Up     move the selection",
            "Home / End           first / last row",
            "PgUp / PgDn          a page up / down",
            "Enter                actions for the selected row",
            "d / Right            details of the selected slave",
            "Esc / Left           back to the list",
            "s                    change the slave order",
            "h / ?                this help",
            "q                    quit the monitor",
            "Ctrl+C               quit the monitor at once",
            "",
            "In an action dialog: its hot key selects a",
            "choice, o confirms, c or Esc cancels, Tab",
            "moves between the choices and the buttons.");

    private HelpOverlay() {
    }

    static void draw(TextGraphics g, int screenWidth, int screenHeight) {
        int width = Math.min(screenWidth, LINES.stream().mapToInt(String::length).max().orElse(0) + 4);
        int height = Math.min(screenHeight, LINES.size() + 4);
        int left = Math.max(0, (screenWidth - width) / 2);
        int top = Math.max(0, (screenHeight - height) / 2);
        Frame.overlay(g, left, top, width, height, "Help");
        for (int i = 0; i < LINES.size() && i < height - 4; i++) {
            g.putString(left + 2, top + 1 + i, Text.fit(LINES.get(i), width - 4));
        }
        g.putString(left + 2, top + height - 2, "< OK >");
    }
}
