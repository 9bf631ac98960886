package org.piwheels.monitor.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import org.piwheels.monitor.control.ActionChoice;
import org.piwheels.monitor.control.ActionDialog;

/** Draws an action dialog centred on the screen: radio choices with underlined hot keys, then OK / Cancel. */
final class DialogView {
    private DialogView() {
    }

    static void draw(TextGraphics g, int screenWidth, int screenHeight, ActionDialog d, String subject) {
        int width = Math.min(screenWidth, Math.max(34, subject.length() + 6));
        int height = d.choices().size() + 6;
        int left = Math.max(0, (screenWidth - width) / 2);
        int top = Math.max(0, (screenHeight - height) / 2);
        Frame.overlay(g, left, top, width, height, d.title());
        g.putString(left + 2, top + 1, Text.fit(subject, width - 4));
        for (int i = 0; i < d.choices().size(); i++) {
            ActionChoice c = d.choices().get(i);
            int row = top + 3 + i;
            boolean selected = i == d.selectedIndex();
            boolean focused = selected && d.focus() == ActionDialog.Focus.CHOICES;
            if (focused) {
                g.enableModifiers(SGR.REVERSE);
            }
            g.putString(left + 2, row, (selected ? "(*) " : "( ) ") + c.label());
            int hot = c.hotKeyIndex();
            g.enableModifiers(SGR.UNDERLINE);
            g.putString(left + 6 + hot, row, c.label().substring(hot, hot + 1));
            g.disableModifiers(SGR.UNDERLINE, SGR.REVERSE);
        }
        int buttons = top + height - 2;
        button(g, left + 2, buttons, "< OK >", 2, d.focus() == ActionDialog.Focus.OK);
        button(g, left + 10, buttons, "< Cancel >", 2, d.focus() == ActionDialog.Focus.CANCEL);
    }

    private static void button(TextGraphics g, int col, int row, String text, int hot, boolean focused) {
        if (focused) {
            g.enableModifiers(SGR.REVERSE);
        }
        g.putString(col, row, text);
        g.enableModifiers(SGR.UNDERLINE);
        g.putString(col + hot, row, text.substring(hot, hot + 1));
        g.disableModifiers(SGR.UNDERLINE, SGR.REVERSE);
    }
}
