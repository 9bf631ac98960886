package org.piwheels.master.pypi;

/** What reconcile mode asks PyPI besides the changelog (beyond 0.23). */
public interface PypiIndex {

    /** PyPI's newest serial ({@code changelog_last_serial}). */
    long lastSerial() throws PypiException;

    /** Every project with the serial of its last change (PEP 691 {@code /simple/}). */
    SimpleListing listing() throws PypiException;
}
