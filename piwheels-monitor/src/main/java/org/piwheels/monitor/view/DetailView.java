package org.piwheels.monitor.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.piwheels.monitor.model.BuildRecord;
import org.piwheels.monitor.model.SlaveState;
import org.piwheels.monitor.view.StatsBox.Line;

/**
 * The selected slave's full page: its host facts, its statistics graphs across the
 * whole width, and its recent builds, newest first.
 */
final class DetailView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private DetailView() {
    }

    /** Draws into rows {@code top} .. {@code top + height - 1}. */
    static void draw(TextGraphics g, int top, int height, int width, SlaveState s, Instant now) {
        Frame.draw(g, 0, top, width, height, "Slave " + s.id() + " " + s.label() + " (Esc: back)");
        var hello = s.hello();
        List<Line> right = List.of(
                new Line("ABI", BoxField.text(s.abi())),
                new Line("Build Timeout", BoxField.text(hello == null ? "-" : Times.of(hello.buildTimeout()))),
                new Line("Busy Timeout", BoxField.text(hello == null ? "-" : Times.of(hello.busyTimeout()))),
                new Line("Up Time", BoxField.text(Times.since(s.firstSeen(), now))),
                StatsBoxes.lastSeen(s, now),
                StatsBoxes.slaveState(s, now));
        List<Line> lines = new ArrayList<>();
        int inner = width - 2;
        int half = inner / 2;
        int row = top + 1;
        List<Line> facts = StatsBoxes.slaveFacts(s);
        for (int i = 0; i < Math.max(facts.size(), right.size()); i++, row++) {
            if (i < facts.size()) {
                put(g, 1, row, half - 1, facts.get(i));
            }
            if (i < right.size()) {
                put(g, 1 + half + 1, row, inner - half - 1, right.get(i));
            }
        }
        lines.add(new Line("Task", BoxField.text(s.status())));
        lines.addAll(StatsBoxes.slaveGraphs(s));
        int bottom = top + height - 1;
        for (Line line : lines) {
            if (row < bottom) {
                put(g, 1, row++, inner, line);
            }
        }
        if (row < bottom) {
            g.enableModifiers(SGR.BOLD);
            g.putString(1, row++, "Recent builds");
            g.disableModifiers(SGR.BOLD);
        }
        List<BuildRecord> builds = s.builds();
        Collections.reverse(builds);
        if (builds.isEmpty() && row < bottom) {
            g.putString(1, row, "none yet");
        }
        for (BuildRecord b : builds) {
            if (row >= bottom) {
                break;
            }
            String took = b.inProgress() ? "building for " + Times.of(b.elapsed(now)) : "took " + Times.of(b.elapsed(now));
            g.putString(1, row++, Text.fit(Text.pad(b.packageName() + " " + b.version(), 32) + " "
                    + CLOCK.format(b.started()) + "  " + took, inner));
        }
    }

    private static void put(TextGraphics g, int col, int row, int width, Line line) {
        int labelWidth = Math.min(StatsBox.LABEL_WIDTH + 1, Math.max(0, width / 2));
        g.putString(col, row, Text.pad(line.label(), labelWidth));
        line.value().draw(g, col + labelWidth, row, width - labelWidth);
    }
}
