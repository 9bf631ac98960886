package org.piwheels.monitor.view;

import java.util.List;

/**
 * A one-line history graph from block characters: the newest values, one column
 * each, scaled between a minimum and a maximum.
 */
final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /**
     * @param values oldest first; only the last {@code width} are drawn
     * @param min    the value drawn as the lowest block
     * @param max    the value drawn as the full block (values outside are clamped)
     * @param width  columns available
     */
    static String of(List<Double> values, double min, double max, int width) {
        if (width <= 0 || values.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(width);
        double range = max - min;
        for (double v : values.subList(Math.max(0, values.size() - width), values.size())) {
            double fraction = range > 0 ? (v - min) / range : 0;
            int level = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * (BLOCKS.length - 1) + 0.5);
            sb.append(BLOCKS[level]);
        }
        return sb.toString();
    }
}
