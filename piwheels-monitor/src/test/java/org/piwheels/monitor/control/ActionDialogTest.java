package org.piwheels.monitor.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;
import org.piwheels.monitor.control.ActionDialog.Focus;
import org.piwheels.monitor.control.ActionDialog.Outcome;

class ActionDialogTest {
    private static KeyStroke key(char c) {
        return new KeyStroke(c, false, false);
    }

    @Test
    void hotKeySelectsAndOConfirms() {
        ActionDialog d = ActionDialogs.slave(3);
        assertThat(d.handle(key('h'))).isEqualTo(Outcome.OPEN);
        assertThat(d.selected().label()).isEqualTo("Halt");
        assertThat(d.handle(key('o'))).isEqualTo(Outcome.CONFIRMED);
    }

    @Test
    void enterOnTheChoicesDoesNothingAsIn023() {
        ActionDialog d = ActionDialogs.master();
        assertThat(d.handle(new KeyStroke(KeyType.Enter))).isEqualTo(Outcome.OPEN);
    }

    @Test
    void tabMovesToTheButtonsWhereEnterPressesTheFocusedOne() {
        ActionDialog d = ActionDialogs.master();
        d.handle(new KeyStroke(KeyType.Tab));
        assertThat(d.focus()).isEqualTo(Focus.OK);
        d.handle(new KeyStroke(KeyType.ArrowRight));
        assertThat(d.focus()).isEqualTo(Focus.CANCEL);
        assertThat(d.handle(new KeyStroke(KeyType.Enter))).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void arrowsMoveTheSelectionRoundTheChoices() {
        ActionDialog d = ActionDialogs.master();
        d.handle(new KeyStroke(KeyType.ArrowUp));
        assertThat(d.selected().label()).isEqualTo("Stop Master");
        d.handle(new KeyStroke(KeyType.ArrowDown));
        assertThat(d.selected().label()).isEqualTo("Pause");
    }

    @Test
    void cAndEscCancel() {
        assertThat(ActionDialogs.master().handle(key('c'))).isEqualTo(Outcome.CANCELLED);
        assertThat(ActionDialogs.master().handle(new KeyStroke(KeyType.Escape))).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void everyHotKeyIsInItsLabelAndUnique() {
        for (ActionDialog d : new ActionDialog[] {ActionDialogs.master(), ActionDialogs.slave(1)}) {
            assertThat(d.choices()).extracting(ActionChoice::hotKey).doesNotHaveDuplicates()
                    .doesNotContain('o', 'c');
            for (ActionChoice c : d.choices()) {
                assertThat(c.hotKeyIndex()).as(c.label()).isNotNegative();
            }
        }
    }
}
