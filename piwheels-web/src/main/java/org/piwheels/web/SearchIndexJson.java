package org.piwheels.web;

import java.util.Map;
import java.util.TreeMap;
import org.piwheels.protocol.records.DownloadCounts;

/** {@code packages.json}: {@code [[name, downloads_30d, downloads_all], …]}, sorted by name (web spec §5.3). */
final class SearchIndexJson {
    private SearchIndexJson() {
    }

    static byte[] document(Map<String, DownloadCounts> downloads) {
        return JsonText.bytes(json -> {
            json.writeStartArray();
            for (Map.Entry<String, DownloadCounts> e : new TreeMap<>(downloads).entrySet()) {
                json.writeStartArray();
                json.writeString(e.getKey());
                json.writeNumber(e.getValue().recent());
                json.writeNumber(e.getValue().all());
                json.writeEndArray();
            }
            json.writeEndArray();
        }, 40 * downloads.size() + 16);
    }
}
