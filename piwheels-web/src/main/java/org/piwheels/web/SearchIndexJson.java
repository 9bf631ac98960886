package org.piwheels.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.piwheels.protocol.records.DownloadCounts;

/** {@code packages.json}: {@code [[name, downloads_30d, downloads_all], …]}, sorted by name (web spec §5.3). */
final class SearchIndexJson {
    private SearchIndexJson() {
    }

    static List<List<Object>> document(Map<String, DownloadCounts> downloads) {
        return new TreeMap<>(downloads).entrySet().stream()
                .map(e -> List.<Object>of(e.getKey(), e.getValue().recent(), e.getValue().all()))
                .toList();
    }
}
