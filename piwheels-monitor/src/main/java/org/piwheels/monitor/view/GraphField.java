package org.piwheels.monitor.view;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/**
 * A number that changes over time: its current value, a sparkline of its history
 * and the scale, e.g. {@code 0.52 ▁▂▂▃ 4.0}. Without history it shows {@code -}.
 *
 * @param current the latest value as text
 * @param history values oldest first
 * @param min     the sparkline's floor
 * @param max     the sparkline's ceiling
 * @param scale   what the ceiling means, e.g. {@code 40-80°C} or the disk size
 */
record GraphField(String current, List<Double> history, double min, double max, String scale) implements BoxField {
    @Override
    public void draw(TextGraphics g, int col, int row, int width) {
        if (history.isEmpty()) {
            g.putString(col, row, Text.fit("-", width));
            return;
        }
        int graphWidth = width - current.length() - scale.length() - 2;
        if (graphWidth < 3) {
            g.putString(col, row, Text.fit(current, width)); // too narrow for a graph: the value matters most
            return;
        }
        String graph = Sparkline.of(history, min, max, graphWidth);
        g.putString(col, row, current + " " + Text.pad(graph, graphWidth) + " " + scale);
    }
}
