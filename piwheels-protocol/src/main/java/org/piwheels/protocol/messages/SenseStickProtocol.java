package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.JoystickEvent;

/** {@code sense_stick}: joystick events inside {@code piw-sense} (spec §6.7.8). */
public final class SenseStickProtocol {
    private SenseStickProtocol() {
    }

    /** A joystick message. */
    public sealed interface StickMessage extends Message {
    }

    /** A joystick event. @param event it */
    public record Event(JoystickEvent event) implements StickMessage {
    }

    /** The stick reader's side. */
    public static final Protocol<StickMessage, NoMessage> STICK =
            Protocol.of("sense_stick", StickMessage.class, NoMessage.class);

    /** The screen's side. */
    public static final Protocol<NoMessage, StickMessage> SCREEN = STICK.reverse();
}
