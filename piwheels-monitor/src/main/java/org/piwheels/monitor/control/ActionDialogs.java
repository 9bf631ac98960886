package org.piwheels.monitor.control;

import java.util.List;
import org.piwheels.protocol.messages.MasterControlProtocol.Kill;
import org.piwheels.protocol.messages.MasterControlProtocol.Quit;
import org.piwheels.protocol.messages.MasterControlProtocol.Skip;
import org.piwheels.protocol.messages.MasterControlProtocol.Sleep;
import org.piwheels.protocol.messages.MasterControlProtocol.Wake;

/**
 * The two action dialogs of components spec §8.4, with 0.23's choices, hot keys and
 * messages. The "now" variants (Halt, Kill) follow their action with SKIP for the
 * same target, so a running build is abandoned too.
 */
public final class ActionDialogs {
    private ActionDialogs() {
    }

    /** @return the {@code Master Control} dialog; a null id means the whole master and all slaves */
    public static ActionDialog master() {
        return new ActionDialog("Master Control", List.of(
                new ActionChoice("Pause", 'p', List.of(new Sleep(null))),
                new ActionChoice("Halt", 'h', List.of(new Sleep(null), new Skip(null))),
                new ActionChoice("Resume", 'r', List.of(new Wake(null))),
                new ActionChoice("Stop Slaves", 's', List.of(new Kill(null))),
                new ActionChoice("Kill Slaves", 'k', List.of(new Kill(null), new Skip(null))),
                new ActionChoice("Stop Master", 'm', List.of(new Quit()))));
    }

    /** @return the {@code Slave Control} dialog for slave {@code id} */
    public static ActionDialog slave(long id) {
        return new ActionDialog("Slave Control", List.of(
                new ActionChoice("Skip", 'i', List.of(new Skip(id))),
                new ActionChoice("Pause", 'p', List.of(new Sleep(id))),
                new ActionChoice("Halt", 'h', List.of(new Sleep(id), new Skip(id))),
                new ActionChoice("Resume", 'r', List.of(new Wake(id))),
                new ActionChoice("Stop Slave", 's', List.of(new Kill(id))),
                new ActionChoice("Kill Slave", 'k', List.of(new Kill(id), new Skip(id)))));
    }
}
