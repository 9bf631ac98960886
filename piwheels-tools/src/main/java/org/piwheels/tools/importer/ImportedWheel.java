package org.piwheels.tools.importer;

import java.nio.file.Path;
import org.piwheels.protocol.records.FileState;

/**
 * A wheel ready to import: where it is, how it is described to the master, and the
 * name and version its METADATA gives (the build's defaults, spec §11.1).
 *
 * @param path            the file
 * @param state           its file state
 * @param metadataName    METADATA {@code Name}
 * @param metadataVersion METADATA {@code Version}
 */
record ImportedWheel(Path path, FileState state, String metadataName, String metadataVersion) {
}
