package org.piwheels.monitor.view;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.piwheels.cli.TextFormats;

/**
 * Counts per ABI as a ratio bar: one coloured segment per ABI, as wide as its share
 * (at least its label), labelled {@code abi count}. ABIs with 0 are left out.
 *
 * @param counts ABI to count
 */
record RatioField(Map<String, Long> counts) implements BoxField {
    @Override
    public void draw(TextGraphics g, int col, int row, int width) {
        Map<String, Long> positive = new TreeMap<>();
        counts.forEach((abi, n) -> {
            if (n > 0) {
                positive.put(abi, n);
            }
        });
        if (positive.isEmpty()) {
            g.putString(col, row, Text.fit("-", width));
            return;
        }
        List<String> labels = new ArrayList<>();
        positive.forEach((abi, n) -> labels.add(abi + " " + TextFormats.thousands(n)));
        int needed = labels.stream().mapToInt(String::length).sum();
        if (needed > width) {
            g.putString(col, row, Text.fit(String.join(" ", labels), width));
            return;
        }
        long total = positive.values().stream().mapToLong(Long::longValue).sum();
        int spare = width - needed;
        int x = col;
        int i = 0;
        TextColor fg = g.getForegroundColor();
        TextColor bg = g.getBackgroundColor();
        for (Map.Entry<String, Long> e : positive.entrySet()) {
            String label = labels.get(i);
            // the spare columns are shared in proportion to the counts; the last segment takes the rest
            int extra = i == labels.size() - 1 ? col + width - x - label.length()
                    : (int) (spare * e.getValue() / total);
            g.setBackgroundColor(Palette.SEGMENTS[i % Palette.SEGMENTS.length]);
            g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
            g.putString(x, row, label + " ".repeat(Math.max(0, extra)));
            x += label.length() + Math.max(0, extra);
            i++;
        }
        g.setForegroundColor(fg);
        g.setBackgroundColor(bg);
    }
}
