package org.piwheels.master.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.piwheels.db.Statistics;
import org.piwheels.protocol.records.MasterStats;

/**
 * The statistics task's working copy of the master's figures: several sources
 * update parts of it, and {@link #snapshot} freezes it into the record that is
 * published. Initial values are zeros and empty maps, as in 0.23.
 */
final class MasterFigures {
    private long packagesBuilt;
    private Map<String, Long> buildsLastHour = Map.of();
    private Duration buildsTime = Duration.ZERO;
    private long buildsSize;
    private Map<String, Long> buildsPending = Map.of();
    private long newLastHour;
    private long filesCount;
    private long downloadsLastHour;
    private long downloadsLastMonth;
    private long downloadsAll;
    private long diskSize;
    private long diskFree;
    private long memSize;
    private long memFree;
    private long swapSize;
    private long swapFree;
    private double loadAverage;
    private double cpuTemp;

    void disk(long size, long free) {
        diskSize = size;
        diskFree = free;
    }

    void memory(long size, long free, long swapSize, long swapFree) {
        this.memSize = size;
        this.memFree = free;
        this.swapSize = swapSize;
        this.swapFree = swapFree;
    }

    void load(double loadAverage, double cpuTemp) {
        this.loadAverage = loadAverage;
        this.cpuTemp = cpuTemp;
    }

    void buildsPending(Map<String, Long> pending) {
        buildsPending = Map.copyOf(pending);
    }

    void downloadsAll(long all) {
        downloadsAll = all;
    }

    void addDownloads(long n) {
        downloadsAll += n;
    }

    void database(Statistics s) {
        packagesBuilt = s.packagesBuilt();
        Map<String, Long> lastHour = new LinkedHashMap<>();
        s.buildsLastHour().forEach((abi, n) -> lastHour.put(abi, n.longValue()));
        buildsLastHour = lastHour;
        buildsTime = s.buildsTime();
        buildsSize = s.buildsSize();
        newLastHour = s.newLastHour();
        filesCount = s.filesCount();
        downloadsLastHour = s.downloadsLastHour();
        downloadsLastMonth = s.downloadsLastMonth();
    }

    MasterStats snapshot(Instant now) {
        return new MasterStats(now, packagesBuilt, buildsLastHour, buildsTime, buildsSize, buildsPending,
                newLastHour, filesCount, downloadsLastHour, downloadsLastMonth, downloadsAll, diskSize, diskFree,
                memSize, memFree, swapSize, swapFree, loadAverage, cpuTemp);
    }
}
