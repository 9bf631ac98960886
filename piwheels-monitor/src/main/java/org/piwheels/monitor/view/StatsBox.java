package org.piwheels.monitor.view;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/**
 * A framed box of labelled values in two columns (components spec §8.3: left /
 * right columns), each column a label of fixed width and its value.
 *
 * @param title the box title
 * @param left  the left column's lines
 * @param right the right column's lines
 */
record StatsBox(String title, List<Line> left, List<Line> right) {
    /** Width of the label columns (0.23 uses 12). */
    static final int LABEL_WIDTH = 13;

    /** One labelled value. @param label the caption @param value the value */
    record Line(String label, BoxField value) {
    }

    /** @return the rows the box needs, frame included */
    int height() {
        return Math.max(left.size(), right.size()) + 2;
    }

    /** Draws the box across {@code width} columns from {@code row}. */
    void draw(TextGraphics g, int row, int width) {
        Frame.draw(g, 0, row, width, height(), title);
        int inner = width - 2;
        int half = inner / 2;
        drawColumn(g, left, 1, row + 1, half - 1);
        drawColumn(g, right, 1 + half + 1, row + 1, inner - half - 1);
    }

    private static void drawColumn(TextGraphics g, List<Line> lines, int col, int row, int width) {
        int labelWidth = Math.min(LABEL_WIDTH, Math.max(0, width / 2)); // "Downloads/hr" keeps its gap in 80 columns
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            g.putString(col, row + i, Text.pad(line.label(), labelWidth));
            line.value().draw(g, col + labelWidth, row + i, width - labelWidth);
        }
    }
}
