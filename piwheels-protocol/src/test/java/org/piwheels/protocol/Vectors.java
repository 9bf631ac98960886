package org.piwheels.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.BuildQueueProtocol;
import org.piwheels.protocol.messages.DatabaseProtocol;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.SenseStickProtocol;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.messages.WebProtocol;

/** Loads the conformance vectors (copied from the spec into the test resources). */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The receiving side's protocol for each (protocol, direction) of the vectors. */
    static final Map<String, Protocol<?, ?>> RECEIVERS = Map.ofEntries(
            Map.entry("slave_driver slave->master", SlaveDriverProtocol.MASTER),
            Map.entry("slave_driver master->slave", SlaveDriverProtocol.SLAVE),
            Map.entry("mr_chase tool->master", AdminProtocol.MASTER),
            Map.entry("mr_chase master->tool", AdminProtocol.TOOL),
            Map.entry("lumberjack logger->master", AccessLogProtocol.MASTER),
            Map.entry("master_control monitor->master", MasterControlProtocol.MASTER),
            Map.entry("monitor_stats master->monitor", MonitorStatusProtocol.MONITOR),
            Map.entry("the_oracle client->oracle", DatabaseProtocol.WORKER),
            Map.entry("the_oracle oracle->client", DatabaseProtocol.CLIENT),
            Map.entry("file_juggler_fs client->file_juggler", FsProtocol.RECEIVER),
            Map.entry("file_juggler_fs file_juggler->client", FsProtocol.CLIENT),
            Map.entry("task_control master->task", TaskControlProtocols.TASK),
            Map.entry("slave_driver_control master->slave_driver", TaskControlProtocols.SLAVE_DRIVER),
            Map.entry("big_brother_control master->big_brother", TaskControlProtocols.STATS),
            Map.entry("big_brother task->big_brother", StatsProtocol.COLLECTOR),
            Map.entry("the_scribe client->scribe", WebProtocol.WRITER),
            Map.entry("the_scribe scribe->client", WebProtocol.CLIENT),
            Map.entry("the_architect architect->slave_driver", BuildQueueProtocol.SLAVE_DRIVER),
            Map.entry("cloud_gazer requester->slave_driver", SkipProtocol.SLAVE_DRIVER),
            Map.entry("cloud_gazer slave_driver->requester", SkipProtocol.CLIENT),
            Map.entry("sense_stick stick->screen", SenseStickProtocol.SCREEN));

    static final String[] MESSAGE_FILES = {
        "slave_driver.json", "mr_chase.json", "lumberjack.json", "master_control.json", "monitor_stats.json",
        "the_oracle.json", "file_juggler_fs.json", "internal.json",
    };

    private Vectors() {
    }

    static JsonNode load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vectors/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static Protocol<?, ?> receiver(JsonNode vector) {
        String key = vector.get("protocol").textValue() + " " + vector.get("direction").textValue();
        Protocol<?, ?> p = RECEIVERS.get(key);
        if (p == null) {
            throw new IllegalStateException("no protocol for " + key);
        }
        return p;
    }
}
