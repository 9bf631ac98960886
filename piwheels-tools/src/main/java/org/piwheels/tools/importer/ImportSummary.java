package org.piwheels.tools.importer;

import org.piwheels.cli.TextFormats;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/** The summary piw-import shows before it asks (components spec §11.2 step 4). */
final class ImportSummary {
    private ImportSummary() {
    }

    static void log(Logger log, BuildState build, int dependencies) {
        log.warn("Preparing to import build");
        log.warn("Package:  {}", build.packageName());
        log.warn("Version:  {}", build.version());
        log.warn("ABI:      {}", build.abiTag());
        log.warn("Status:   successful");
        log.warn("Duration: {}", TextFormats.timedelta(build.duration()));
        log.warn("Output:   {} line(s)", build.output().lines().count());
        log.warn("Files:    {}", build.files().size());
        log.warn("Dependencies: {}", dependencies);
        for (FileState f : build.files()) {
            log.warn("  {}", f.filename());
            log.warn("    size: {}, hash: {}", TextFormats.size(f.filesize()), f.filehash());
            log.warn("    tags: {}-{}-{}, requires python: {}", f.pyVersionTag(), f.abiTag(), f.platformTag(),
                    f.requiresPython() == null ? "any" : f.requiresPython());
        }
    }
}
