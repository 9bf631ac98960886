package org.piwheels.master.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.piwheels.protocol.records.FileState;

/**
 * The 0.23 "armv6l hack" (components spec §5.8): an armv7l wheel also serves
 * armv6l machines, so every {@code linux_armv7l} file gets a {@code linux_armv6l}
 * twin entry (same content, hash and tags) unless the build already has one. The
 * twin is never transferred; the file receiver links it to the armv7l file.
 */
public final class ArmV6Twins {
    private static final String V7 = "linux_armv7l";
    private static final String V6 = "linux_armv6l";
    private static final String V7_SUFFIX = V7 + ".whl";

    private ArmV6Twins() {
    }

    /** @return the files plus their missing armv6l twins, sorted by file name */
    public static List<FileState> withTwins(List<FileState> files) {
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.filename()));
        List<FileState> all = new ArrayList<>(files);
        for (FileState f : files) {
            FileState twin = twinOf(f);
            if (twin != null && names.add(twin.filename())) {
                all.add(twin);
            }
        }
        all.sort(Comparator.comparing(FileState::filename));
        return all;
    }

    private static FileState twinOf(FileState f) {
        if (!V7.equals(f.platformTag()) || !f.filename().endsWith(V7_SUFFIX)) {
            return null;
        }
        String name = f.filename().substring(0, f.filename().length() - V7_SUFFIX.length()) + V6 + ".whl";
        return new FileState(name, f.filesize(), f.filehash(), f.packageTag(), f.packageVersionTag(),
                f.pyVersionTag(), f.abiTag(), V6, f.requiresPython(), f.dependencies(), f.location());
    }
}
