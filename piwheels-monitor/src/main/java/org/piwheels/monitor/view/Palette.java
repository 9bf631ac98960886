package org.piwheels.monitor.view;

import com.googlecode.lanterna.TextColor;
import org.piwheels.monitor.model.RowState;

/** The colours of components spec §8.3. */
final class Palette {
    /** A late slave's row. */
    static final TextColor LATE = TextColor.ANSI.YELLOW_BRIGHT;
    /** Box and dialog frames. */
    static final TextColor FRAME = TextColor.ANSI.CYAN;
    /** Alternating backgrounds of ratio-bar segments. */
    static final TextColor[] SEGMENTS = {TextColor.ANSI.BLUE, TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN,
        TextColor.ANSI.GREEN, TextColor.ANSI.RED, TextColor.ANSI.YELLOW};

    private Palette() {
    }

    /** @return the colour of a state's {@code ▪} */
    static TextColor of(RowState state) {
        return switch (state) {
            case IDLE -> TextColor.ANSI.BLACK_BRIGHT;
            case OKAY, BUILDING -> TextColor.ANSI.GREEN_BRIGHT;
            case SENDING -> TextColor.ANSI.BLUE_BRIGHT;
            case CLEANING -> TextColor.ANSI.MAGENTA_BRIGHT;
            case ALERT -> TextColor.ANSI.YELLOW;
            case DEAD -> TextColor.ANSI.RED_BRIGHT;
        };
    }
}
