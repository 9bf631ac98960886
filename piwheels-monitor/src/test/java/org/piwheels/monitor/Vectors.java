package org.piwheels.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;

/** Status messages recorded from piwheels 0.23, decoded from the spec's vectors. */
public final class Vectors {
    private static final Path DIR = Path.of("..", "piwheels-protocol", "src", "test", "resources", "vectors");

    private Vectors() {
    }

    /** Every status message 0.23's slave driver published in {@code slave_session.json}, in order. */
    public static List<StatusMessage> slaveSession() {
        return slaveSession(Integer.MAX_VALUE);
    }

    /** The status messages of {@code slave_session.json} up to and including step {@code lastStep}. */
    public static List<StatusMessage> slaveSession(int lastStep) {
        List<StatusMessage> out = new ArrayList<>();
        for (JsonNode e : read("slave_session.json").get("events")) {
            int step = Integer.parseInt(e.get("step").asText().split(" ")[0]);
            if (step <= lastStep && e.get("queue").asText().startsWith("status")) {
                out.add(decode(e.get("cbor_hex").asText()));
            }
        }
        return out;
    }

    /** One valid vector of {@code monitor_stats.json} by name, e.g. {@code monitor_stats.HELLO}. */
    public static StatusMessage monitorStats(String name) {
        for (JsonNode v : read("monitor_stats.json").get("vectors")) {
            if (v.get("name").asText().equals(name)) {
                return decode(v.get("cbor_hex").asText());
            }
        }
        throw new IllegalArgumentException("no vector " + name);
    }

    private static StatusMessage decode(String hex) {
        try {
            return MonitorStatusProtocol.MONITOR.decode(HexFormat.of().parseHex(hex));
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The vector files are read once per test run. */
    private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

    private static JsonNode read(String name) {
        return FILES.computeIfAbsent(name, n -> {
            try {
                return new ObjectMapper().readTree(DIR.resolve(n).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
