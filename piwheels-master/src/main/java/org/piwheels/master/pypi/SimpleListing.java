package org.piwheels.master.pypi;

import java.util.Map;

/**
 * PyPI's list of every project (the PEP 691 JSON form of {@code /simple/}).
 *
 * @param lastSerial the serial the listing reflects ({@code meta._last-serial}, else the
 *                   {@code X-PyPI-Last-Serial} header)
 * @param projects   project name as PyPI spells it → the serial of its last change ({@code _last-serial})
 */
public record SimpleListing(long lastSerial, Map<String, Long> projects) {

    public SimpleListing {
        projects = Map.copyOf(projects);
    }
}
