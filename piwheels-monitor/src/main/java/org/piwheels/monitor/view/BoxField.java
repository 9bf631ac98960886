package org.piwheels.monitor.view;

import com.googlecode.lanterna.graphics.TextGraphics;

/** One value cell of a statistics box, drawn into the width it is given. */
interface BoxField {
    /** Draws at ({@code col}, {@code row}) within {@code width} columns. */
    void draw(TextGraphics g, int col, int row, int width);

    /** @return a plain text cell */
    static BoxField text(String text) {
        return (g, col, row, width) -> g.putString(col, row, Text.fit(text, width));
    }
}
