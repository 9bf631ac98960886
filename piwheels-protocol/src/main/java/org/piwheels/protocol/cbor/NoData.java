package org.piwheels.protocol.cbor;

/**
 * The "no data" marker, CBOR tag 2002. piwheels 0.23 uses it where it republishes a
 * data-less reply as a value (monitor {@code SLAVE} messages); it must stay
 * distinguishable from {@code null}.
 */
public enum NoData {
    /** The one marker value. */
    INSTANCE;

    @Override
    public String toString() {
        return "NoData";
    }
}
