package org.piwheels.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The ABI columns of the project page and the support table of the home page (web spec §6.4). */
final class AbiColumns {
    /**
     * A known ABI.
     *
     * @param abi      tag
     * @param codename Raspberry Pi OS / Debian release
     * @param python   Python version label
     * @param active   whether the farm still builds for it
     */
    record KnownAbi(String abi, String codename, String python, boolean active) {
    }

    static final List<KnownAbi> KNOWN = List.of(
            new KnownAbi("cp34m", "Jessie", "Python 3.4", false),
            new KnownAbi("cp35m", "Stretch", "Python 3.5", false),
            new KnownAbi("cp37m", "Buster", "Python 3.7", false),
            new KnownAbi("cp39", "Bullseye", "Python 3.9", true),
            new KnownAbi("cp311", "Bookworm", "Python 3.11", true),
            new KnownAbi("cp313", "Trixie", "Python 3.13", true));

    private AbiColumns() {
    }

    /**
     * @param releases a project's releases
     * @return every ABI that appears in any release, known ones in table order, then unknown ones by first appearance
     */
    static List<String> columns(List<ProjectInput.Release> releases) {
        Set<String> seen = new LinkedHashSet<>();
        releases.forEach(r -> seen.addAll(r.abis().keySet()));
        List<String> result = new ArrayList<>();
        for (KnownAbi k : KNOWN) {
            if (seen.remove(k.abi())) {
                result.add(k.abi());
            }
        }
        result.addAll(seen);
        return result;
    }

    /** @return the codename, or {@code Unknown} */
    static String codename(String abi) {
        return KNOWN.stream().filter(k -> k.abi().equals(abi)).map(KnownAbi::codename).findFirst().orElse("Unknown");
    }

    /** @return the Python label, or the ABI tag itself for an unknown ABI */
    static String python(String abi) {
        return KNOWN.stream().filter(k -> k.abi().equals(abi)).map(KnownAbi::python).findFirst().orElse(abi);
    }
}
