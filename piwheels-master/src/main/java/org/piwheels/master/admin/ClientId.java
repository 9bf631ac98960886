package org.piwheels.master.admin;

import java.util.Arrays;
import java.util.HexFormat;

/** A tool's routing identity on the import queue, usable as a map key. */
record ClientId(byte[] identity) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ClientId && Arrays.equals(((ClientId) o).identity, identity);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identity);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(identity);
    }
}
