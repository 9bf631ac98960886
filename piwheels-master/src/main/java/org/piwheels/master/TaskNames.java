package org.piwheels.master;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The master's task names: the 0.23 names (used for loggers, control queues and
 * {@code --debug}) and ours, so that {@code --debug} accepts either, as shell-style
 * patterns.
 */
public final class TaskNames {
    /** 0.23 name to our class name, in start order. */
    public static final Map<String, String> ALL = orderedMap(
            "master.seraph", "DatabaseRouter",
            "master.the_oracle_1", "DatabaseWorker",
            "master.the_oracle_2", "DatabaseWorker",
            "master.the_oracle_3", "DatabaseWorker",
            "master.lumberjack", "AccessLogRecorder",
            "master.the_scribe", "SiteWriterTask",
            "master.the_secretary", "PageRequestDebouncer",
            "master.big_brother", "StatsCollector",
            "master.file_juggler", "FileReceiver",
            "master.slave_driver", "SlaveDriver",
            "master.mr_chase", "AdminRequestHandler",
            "master.the_architect", "BuildQueuePlanner",
            "master.cloud_gazer", "PypiFollower");

    private TaskNames() {
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Expands {@code --debug} patterns to logger names: a pattern may name a 0.23 task
     * ({@code master.slave_driver}, {@code master.*}) or one of our classes
     * ({@code SlaveDriver}, {@code Database*}); {@code master} alone is the main loop.
     */
    public static List<String> expand(List<String> patterns) {
        Set<String> names = new LinkedHashSet<>();
        for (String pattern : patterns) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (m.matches(Path.of("master")) || pattern.equals("master")) {
                names.add("master");
            }
            for (Map.Entry<String, String> e : ALL.entrySet()) {
                if (m.matches(Path.of(e.getKey())) || m.matches(Path.of(e.getValue()))) {
                    names.add(e.getKey());
                }
            }
        }
        return new ArrayList<>(names);
    }
}
