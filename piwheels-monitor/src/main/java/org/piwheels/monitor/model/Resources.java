package org.piwheels.monitor.model;

/** The resource checks shared by the master and slave health rules (components spec §17.6). */
final class Resources {
    /** Load average above which a host is flagged. */
    static final double MAX_LOAD = 4.0;

    private Resources() {
    }

    /**
     * @return whether disk or memory has less than 10 % free, swap (when there is any)
     *         less than 50 % free, or the load is above 4.0
     */
    static boolean runningShort(long diskSize, long diskFree, long memSize, long memFree,
                          long swapSize, long swapFree, double load) {
        return diskFree < diskSize / 10.0
                || memFree < memSize / 10.0
                || (swapSize > 0 && swapFree < swapSize / 2.0)
                || load > MAX_LOAD;
    }
}
