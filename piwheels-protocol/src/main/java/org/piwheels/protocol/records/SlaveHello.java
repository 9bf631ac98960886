package org.piwheels.protocol.records;

import java.time.Duration;

/**
 * What a build slave says about itself in its {@code HELLO} (spec §5.1).
 *
 * @param buildTimeout   how long the master reserves a build handed to this slave
 * @param busyTimeout    how long the master may stay silent before the slave reconnects
 * @param nativePyVersion interpreter version digits without a dot, e.g. {@code 311}
 * @param nativeAbi      the ABI tag the slave builds for, e.g. {@code cp311}; never {@code none}
 * @param nativePlatform the platform tag, e.g. {@code linux_armv7l}
 * @param label          the slave's label (by default its host name)
 * @param osName         {@code NAME} from {@code /etc/os-release}
 * @param osVersion      {@code VERSION} from {@code /etc/os-release}
 * @param boardRevision  Raspberry Pi revision code, or {@code unknown}
 * @param boardSerial    Raspberry Pi serial number, or {@code unknown}
 */
public record SlaveHello(
        Duration buildTimeout,
        Duration busyTimeout,
        String nativePyVersion,
        String nativeAbi,
        String nativePlatform,
        String label,
        String osName,
        String osVersion,
        String boardRevision,
        String boardSerial) {
}
