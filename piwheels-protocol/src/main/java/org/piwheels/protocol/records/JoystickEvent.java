package org.piwheels.protocol.records;

import java.time.OffsetDateTime;

/**
 * A Sense HAT joystick event of {@code piw-sense} (spec §5.11); the only
 * timestamp in piwheels that is in local time.
 *
 * @param timestamp when it happened, with the local offset
 * @param direction {@code up}, {@code down}, {@code left}, {@code right} or {@code middle}
 * @param pressed   whether the stick was pressed
 * @param held      whether it is being held
 */
public record JoystickEvent(OffsetDateTime timestamp, String direction, boolean pressed, boolean held) {
}
