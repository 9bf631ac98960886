package org.piwheels.monitor.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.piwheels.cli.TextFormats;
import org.piwheels.monitor.model.MasterState;
import org.piwheels.monitor.model.PiBoard;
import org.piwheels.monitor.model.RowState;
import org.piwheels.monitor.model.SlaveState;
import org.piwheels.protocol.records.MasterStats;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.monitor.view.StatsBox.Line;

/**
 * The contents of the master and slave statistics boxes (components spec §8.3),
 * with sparklines for every number that changes over time.
 */
final class StatsBoxes {
    /** The temperature graph's scale, °C. */
    private static final double TEMP_MIN = 40;
    private static final double TEMP_MAX = 80;
    /** The load graph's ceiling. */
    private static final double LOAD_MAX = 4.0;

    private StatsBoxes() {
    }

    /** @return the master box */
    static StatsBox master(MasterState m, Instant now) {
        List<MasterStats> stats = m.stats();
        MasterStats latest = stats.isEmpty() ? null : stats.get(stats.size() - 1);
        var hello = m.hello();
        List<Line> left = List.of(
                new Line("Board", BoxField.text(hello == null ? "-" : board(hello.boardRevision()))),
                new Line("Serial #", BoxField.text(hello == null ? "-" : hello.boardSerial())),
                new Line("OS", BoxField.text(hello == null ? "-" : hello.osName() + " " + hello.osVersion())),
                new Line("Up Time", BoxField.text(Times.since(m.startTime(), now))),
                new Line("Build Size", BoxField.text(latest == null ? "-" : TextFormats.size(latest.buildsSize()))),
                new Line("Build Time", BoxField.text(latest == null ? "-" : Times.of(latest.buildsTime()))),
                new Line("File Count", BoxField.text(latest == null ? "-" : TextFormats.thousands(latest.filesCount()))),
                new Line("Packages", BoxField.text(latest == null ? "-" : TextFormats.thousands(latest.packagesBuilt()))),
                new Line("New/hr", count(stats, MasterStats::newLastHour)),
                new Line("Queue", new RatioField(latest == null ? Map.of() : latest.buildsPending())));
        List<Line> right = List.of(
                new Line("State", BoxField.text(state(m.state(now), m.alerts(now)))),
                new Line("Builds/hr", new RatioField(latest == null ? Map.of() : latest.buildsLastHour())),
                new Line("Downloads/hr", count(stats, MasterStats::downloadsLastHour)),
                new Line("Downloads", BoxField.text(latest == null ? "-"
                        : TextFormats.thousands(latest.downloadsLastMonth()) + " month, "
                        + TextFormats.thousands(latest.downloadsAll()) + " all")),
                new Line("Temperature", temperature(stats, MasterStats::cpuTemp)),
                new Line("Load Avg", load(stats, MasterStats::loadAverage)),
                new Line("Disk", usage(stats, s -> s.diskSize() - s.diskFree(), latest == null ? 0 : latest.diskSize())),
                new Line("Swap", usage(stats, s -> s.swapSize() - s.swapFree(), latest == null ? 0 : latest.swapSize())),
                new Line("Memory", usage(stats, s -> s.memSize() - s.memFree(), latest == null ? 0 : latest.memSize())));
        return new StatsBox("Master " + m.label(), left, right);
    }

    /** @return the slave box: its host facts and when it was last heard of; its state and graphs */
    static StatsBox slave(SlaveState s, Instant now) {
        List<Line> left = new ArrayList<>(slaveFacts(s));
        left.add(lastSeen(s, now));
        List<Line> right = new ArrayList<>();
        right.add(slaveState(s, now));
        right.addAll(slaveGraphs(s));
        return new StatsBox("Slave " + s.id() + " " + s.label(), left, right);
    }

    /** The slave's last contact, as an age. */
    static Line lastSeen(SlaveState s, Instant now) {
        return new Line("Last Seen", BoxField.text(s.lastSeen() == null ? "-" : Times.since(s.lastSeen(), now) + " ago"));
    }

    /** The slave's state, with the reasons for an alert. */
    static Line slaveState(SlaveState s, Instant now) {
        return new Line("State", BoxField.text(state(s.state(now), s.alerts(now))));
    }

    /** @return e.g. {@code building}, or {@code alert: silent for 00:02:40, disk under 10% free} */
    static String state(RowState state, List<String> reasons) {
        String name = state.name().toLowerCase(Locale.ROOT);
        return reasons.isEmpty() ? name : name + ": " + String.join(", ", reasons);
    }

    /** The slave's host facts, also the detail view's. */
    static List<Line> slaveFacts(SlaveState s) {
        var hello = s.hello();
        return List.of(
                new Line("Board", BoxField.text(hello == null ? "-" : board(hello.boardRevision()))),
                new Line("Serial #", BoxField.text(hello == null ? "-" : hello.boardSerial())),
                new Line("OS", BoxField.text(hello == null ? "-" : hello.osName() + " " + hello.osVersion())),
                new Line("Python", BoxField.text(hello == null ? "-"
                        : hello.nativePyVersion() + " (on " + hello.nativePlatform() + ")")),
                new Line("Clock Delta", BoxField.text(s.stats().isEmpty() ? "-" : Times.of(s.clockSkew()))));
    }

    /** The slave's statistics graphs, also the detail view's. */
    static List<Line> slaveGraphs(SlaveState s) {
        List<SlaveStats> stats = s.stats();
        SlaveStats latest = stats.isEmpty() ? null : stats.get(stats.size() - 1);
        return List.of(
                new Line("Temperature", temperature(stats, SlaveStats::cpuTemp)),
                new Line("Load Avg", load(stats, SlaveStats::loadAverage)),
                new Line("Disk", usage(stats, x -> x.diskSize() - x.diskFree(), latest == null ? 0 : latest.diskSize())),
                new Line("Swap", usage(stats, x -> x.swapSize() - x.swapFree(), latest == null ? 0 : latest.swapSize())),
                new Line("Memory", usage(stats, x -> x.memSize() - x.memFree(), latest == null ? 0 : latest.memSize())));
    }

    /** @return the Pi model text and revision, or the revision alone */
    static String board(String revision) {
        return PiBoard.describe(revision).map(text -> text + " (" + revision + ")").orElse(revision);
    }

    private static <T> List<Double> series(List<T> stats, ToDoubleFunction<T> value) {
        return stats.stream().map(value::applyAsDouble).toList();
    }

    private static <T> BoxField temperature(List<T> stats, ToDoubleFunction<T> value) {
        List<Double> h = series(stats, value);
        String current = h.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f°C", h.get(h.size() - 1));
        return new GraphField(current, h, TEMP_MIN, TEMP_MAX, "40-80°C");
    }

    private static <T> BoxField load(List<T> stats, ToDoubleFunction<T> value) {
        List<Double> h = series(stats, value);
        String current = h.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", h.get(h.size() - 1));
        return new GraphField(current, h, 0, LOAD_MAX, String.format(Locale.ROOT, "%.1f", LOAD_MAX));
    }

    /** Used = size − free, scaled to the latest size. */
    private static <T> BoxField usage(List<T> stats, ToDoubleFunction<T> used, long size) {
        List<Double> h = series(stats, used);
        String current = h.isEmpty() ? "" : TextFormats.size((long) (double) h.get(h.size() - 1));
        return new GraphField(current, h, 0, size, TextFormats.size(size));
    }

    /** A counter, scaled 0 to its highest recent value. */
    private static <T> BoxField count(List<T> stats, ToDoubleFunction<T> value) {
        List<Double> h = series(stats, value);
        double max = h.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String current = h.isEmpty() ? "" : TextFormats.thousands((long) (double) h.get(h.size() - 1));
        return new GraphField(current, h, 0, max, TextFormats.thousands((long) max));
    }
}
