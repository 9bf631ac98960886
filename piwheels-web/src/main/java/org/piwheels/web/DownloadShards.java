package org.piwheels.web;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.piwheels.protocol.records.DownloadCounts;

/**
 * Small per-prefix download-count files, {@code stats/<prefix>.json} =
 * {@code {"name": [recent, all], …}}, so a project page fetches a few hundred
 * bytes instead of the whole {@code packages.json} (web spec §5.7, beyond 0.23).
 * The prefix is the first two characters of the canonical name.
 */
final class DownloadShards {
    /** Directory under the output root. */
    static final String DIRECTORY = "stats";
    private static final Pattern SAFE_PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]?");

    private DownloadShards() {
    }

    /** @param canonicalName a package @return the shard its counts are in, e.g. {@code nu} for numpy */
    static String prefix(String canonicalName) {
        String p = canonicalName.length() <= 2 ? canonicalName : canonicalName.substring(0, 2);
        return p.toLowerCase(Locale.ROOT);
    }

    /** @return shard name to the counts of its packages, both sorted */
    static Map<String, Map<String, DownloadCounts>> shards(Map<String, DownloadCounts> downloads) {
        Map<String, Map<String, DownloadCounts>> shards = new TreeMap<>();
        new TreeMap<>(downloads).forEach((name, counts) -> {
            String prefix = prefix(name);
            // Only canonical-looking prefixes become file names; anything else stays in packages.json only.
            if (SAFE_PREFIX.matcher(prefix).matches()) {
                shards.computeIfAbsent(prefix, k -> new TreeMap<>()).put(name, counts);
            }
        });
        return shards;
    }

    /** @param shard one shard of {@link #shards} @return its document */
    static byte[] document(Map<String, DownloadCounts> shard) {
        return JsonText.bytes(json -> {
            json.writeStartObject();
            for (Map.Entry<String, DownloadCounts> e : shard.entrySet()) {
                json.writeArrayFieldStart(e.getKey());
                json.writeNumber(e.getValue().recent());
                json.writeNumber(e.getValue().all());
                json.writeEndArray();
            }
            json.writeEndObject();
        }, 40 * shard.size() + 16);
    }
}
