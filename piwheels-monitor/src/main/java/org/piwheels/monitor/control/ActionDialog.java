package org.piwheels.monitor.control;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * An open action dialog: radio choices and OK / Cancel buttons (components spec
 * §8.4). A choice's hot key selects it, {@code o} confirms, {@code c} or Esc cancels,
 * Tab moves the focus between the choices and the buttons. As in 0.23, Enter on the
 * choices does nothing; Enter on a focused button presses it.
 */
public final class ActionDialog {
    /** What a key press did. */
    public enum Outcome {
        /** Still open. */
        OPEN,
        /** Closed without action. */
        CANCELLED,
        /** Closed; send the selected choice's messages. */
        CONFIRMED
    }

    /** Where the keyboard focus is. */
    public enum Focus {
        /** The radio choices. */
        CHOICES,
        /** The OK button. */
        OK,
        /** The Cancel button. */
        CANCEL
    }

    private final String title;
    private final List<ActionChoice> choices;
    private int selected;
    private Focus focus = Focus.CHOICES;

    /**
     * @param title   the dialog's title
     * @param choices its choices; the first starts selected
     */
    public ActionDialog(String title, List<ActionChoice> choices) {
        this.title = title;
        this.choices = List.copyOf(choices);
    }

    /** Handles one key. */
    public Outcome handle(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Escape) {
            return Outcome.CANCELLED;
        }
        if (type == KeyType.Tab || type == KeyType.ReverseTab) {
            focus = focus == Focus.CHOICES ? Focus.OK : Focus.CHOICES;
            return Outcome.OPEN;
        }
        if (type == KeyType.Enter) {
            return focus == Focus.OK ? Outcome.CONFIRMED : focus == Focus.CANCEL ? Outcome.CANCELLED : Outcome.OPEN;
        }
        if (focus == Focus.CHOICES && (type == KeyType.ArrowDown || type == KeyType.ArrowUp)) {
            int step = type == KeyType.ArrowDown ? 1 : choices.size() - 1;
            selected = (selected + step) % choices.size();
            return Outcome.OPEN;
        }
        if (focus != Focus.CHOICES && (type == KeyType.ArrowLeft || type == KeyType.ArrowRight)) {
            focus = focus == Focus.OK ? Focus.CANCEL : Focus.OK;
            return Outcome.OPEN;
        }
        if (type == KeyType.Character) {
            char c = Character.toLowerCase(key.getCharacter());
            if (c == 'o') {
                return Outcome.CONFIRMED;
            }
            if (c == 'c') {
                return Outcome.CANCELLED;
            }
            for (int i = 0; i < choices.size(); i++) {
                if (choices.get(i).hotKey() == c) {
                    selected = i;
                    focus = Focus.CHOICES;
                }
            }
        }
        return Outcome.OPEN;
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return the choices */
    public List<ActionChoice> choices() {
        return choices;
    }

    /** @return the index of the selected choice */
    public int selectedIndex() {
        return selected;
    }

    /** @return the selected choice */
    public ActionChoice selected() {
        return choices.get(selected);
    }

    /** @return where the focus is */
    public Focus focus() {
        return focus;
    }
}
