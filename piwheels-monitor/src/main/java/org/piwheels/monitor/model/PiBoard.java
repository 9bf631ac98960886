package org.piwheels.monitor.model;

import java.util.Map;
import java.util.Optional;

/**
 * Describes a Raspberry Pi from its revision code (components spec §2.9): only
 * new-style codes (bit 23 set) are decoded, into model, PCB revision, SoC,
 * manufacturer and memory. Old-style codes and anything unparsable give nothing,
 * and the monitor shows the bare code.
 */
public final class PiBoard {
    private static final int NEW_STYLE = 1 << 23;
    private static final Map<Integer, String> MODELS = Map.ofEntries(
            Map.entry(0x00, "A"), Map.entry(0x01, "B"), Map.entry(0x02, "A+"), Map.entry(0x03, "B+"),
            Map.entry(0x04, "2B"), Map.entry(0x05, "Alpha"), Map.entry(0x06, "CM1"), Map.entry(0x08, "3B"),
            Map.entry(0x09, "Zero"), Map.entry(0x0a, "CM3"), Map.entry(0x0c, "Zero W"), Map.entry(0x0d, "3B+"),
            Map.entry(0x0e, "3A+"), Map.entry(0x10, "CM3+"), Map.entry(0x11, "4B"), Map.entry(0x12, "Zero 2 W"),
            Map.entry(0x13, "400"), Map.entry(0x14, "CM4"), Map.entry(0x15, "CM4S"), Map.entry(0x17, "5"),
            Map.entry(0x18, "CM5"), Map.entry(0x19, "500"), Map.entry(0x1a, "CM5 Lite"));
    private static final String[] SOCS = {"BCM2835", "BCM2836", "BCM2837", "BCM2711", "BCM2712"};
    private static final String[] MAKERS = {"Sony UK", "Egoman", "Embest", "Sony Japan", "Embest", "Stadium"};
    private static final String[] MEMORY = {"256MB", "512MB", "1GB", "2GB", "4GB", "8GB", "16GB"};

    private PiBoard() {
    }

    /**
     * @param revision the board revision as the hello carries it (lower-case hex, or {@code unknown})
     * @return e.g. {@code Pi 3B+ rev 1.3, BCM2837, Sony UK, 1GB}, or empty
     */
    public static Optional<String> describe(String revision) {
        int code;
        try {
            code = Integer.parseUnsignedInt(revision, 16);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if ((code & NEW_STYLE) == 0) {
            return Optional.empty();
        }
        int pcb = code & 0xf;
        int type = (code >> 4) & 0xff;
        int soc = (code >> 12) & 0xf;
        int maker = (code >> 16) & 0xf;
        int memory = (code >> 20) & 0x7;
        String model = MODELS.getOrDefault(type, "type " + Integer.toHexString(type));
        // the A and B numbered their PCBs 1.0 and 2.0; every later board counts 1.0, 1.1, ...
        String pcbRevision = type <= 0x01 ? (pcb >= 2 ? "2.0" : "1.0") : "1." + pcb;
        return Optional.of("Pi " + model + " rev " + pcbRevision + ", " + name(SOCS, soc) + ", "
                + name(MAKERS, maker) + ", " + name(MEMORY, memory));
    }

    private static String name(String[] names, int index) {
        return index < names.length ? names[index] : "unknown";
    }
}
