package org.piwheels.master.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.records.FileState;

/** The spec's vectors (the protocol module's test copy) and small converters for them. */
final class TestVectors {
    private static final Path DIR = Path.of("..", "piwheels-protocol", "src", "test", "resources", "vectors");

    private TestVectors() {
    }

    static JsonNode load(String file) {
        try {
            return new ObjectMapper().readTree(DIR.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** @return the frames of a {@code frames_at_*} list; data frames given only by length are zero-filled */
    static List<byte[]> frames(JsonNode list) {
        List<byte[]> out = new ArrayList<>();
        for (JsonNode f : list) {
            out.add(f.has("hex") ? hex(f.get("hex").asText()) : new byte[f.get("length").asInt()]);
        }
        return out;
    }

    /** @return the frames as hex strings, for comparisons */
    static List<String> hexFrames(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add(HexFormat.of().formatHex(f)));
        return out;
    }

    /** @return a file state from its JSON array rendering (11 fields) */
    static FileState fileState(JsonNode a) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        a.get(9).fields().forEachRemaining(e -> {
            List<String> names = new ArrayList<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            deps.put(e.getKey(), names);
        });
        return new FileState(a.get(0).asText(), a.get(1).asLong(), a.get(2).asText(), a.get(3).asText(),
                a.get(4).asText(), a.get(5).asText(), a.get(6).asText(), a.get(7).asText(),
                a.get(8).isNull() ? null : a.get(8).asText(), deps, a.get(10).asText());
    }

    /** @return a wheel's file state with the given content's size and hash */
    static FileState wheel(String filename, byte[] content) {
        String[] parts = filename.substring(0, filename.length() - 4).split("-");
        Map<String, List<String>> deps = new HashMap<>();
        deps.put("apt", List.of("libc6"));
        deps.put("pip", List.of("bar"));
        return new FileState(filename, content.length, sha256(content), parts[0], parts[1], parts[2], parts[3],
                parts[4], ">=3", deps, "/simple");
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return deterministic, non-repeating-looking bytes */
    static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
