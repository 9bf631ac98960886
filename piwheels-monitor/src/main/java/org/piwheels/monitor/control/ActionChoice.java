package org.piwheels.monitor.control;

import java.util.List;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;

/**
 * One radio choice of an action dialog.
 *
 * @param label    what the dialog shows, e.g. {@code Halt}
 * @param hotKey   the key that selects it (underlined in the label)
 * @param messages what confirming it sends, in order
 */
public record ActionChoice(String label, char hotKey, List<ControlRequest> messages) {
    public ActionChoice {
        if (label.indexOf(hotKey) < 0 && label.toLowerCase().indexOf(hotKey) < 0) {
            throw new IllegalArgumentException("hot key " + hotKey + " is not in " + label);
        }
        messages = List.copyOf(messages);
    }

    /** @return where the hot key appears in the label (case-insensitive), for underlining */
    public int hotKeyIndex() {
        return label.toLowerCase().indexOf(Character.toLowerCase(hotKey));
    }
}
