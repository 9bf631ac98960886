package org.piwheels.monitor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The resource checks shared by the master and slave health rules (components spec §17.6). */
final class Resources {
    /** Load average above which a host is flagged. */
    static final double MAX_LOAD = 4.0;

    private Resources() {
    }

    /**
     * @return what runs short, in words: disk or memory with less than 10 % free,
     *         swap (when there is any) with less than 50 % free, a load above 4.0, a
     *         temperature above {@code maxTemperature}; empty when nothing does
     */
    static List<String> shortages(long diskSize, long diskFree, long memSize, long memFree,
                                  long swapSize, long swapFree, double load, double temperature,
                                  double maxTemperature) {
        List<String> out = new ArrayList<>();
        if (diskFree < diskSize / 10.0) {
            out.add("disk under 10% free");
        }
        if (memFree < memSize / 10.0) {
            out.add("memory under 10% free");
        }
        if (swapSize > 0 && swapFree < swapSize / 2.0) {
            out.add("swap under 50% free");
        }
        if (load > MAX_LOAD) {
            out.add(String.format(Locale.ROOT, "load above %.1f", MAX_LOAD));
        }
        if (temperature > maxTemperature) {
            out.add(String.format(Locale.ROOT, "temperature above %.0f°C", maxTemperature));
        }
        return out;
    }
}
