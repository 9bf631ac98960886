package org.piwheels.slave;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Debian packages a wheel's ELF libraries link against (components spec §7.4
 * step 5): extract every {@code .so} member that starts with the ELF magic, run
 * {@code ldd} on it, resolve the linked paths, and look up their owners. Libraries no
 * package owns are the orphans. On a system without dpkg both lists are empty.
 */
final class AptDependencies {
    /** The orphan list's key. */
    static final String ORPHANS = "";

    private final Ldd ldd;
    private final DpkgOwners owners;
    private final BooleanSupplier stop;

    AptDependencies(Ldd ldd, DpkgOwners owners, BooleanSupplier stop) {
        this.ldd = ldd;
        this.owners = owners;
        this.stop = stop;
    }

    /** @return {@code apt} and {@code ""} lists, sorted */
    Map<String, List<String>> analyse(Path wheel, Path scratch) throws IOException, BuildAbortedException, InterruptedException {
        if (!owners.available()) {
            return Map.of("apt", List.of(), ORPHANS, List.of());
        }
        Files.createDirectories(scratch);
        LinkedHashSet<Path> linked = new LinkedHashSet<>();
        for (Path lib : extractLibraries(wheel, scratch)) {
            if (stop.getAsBoolean()) {
                throw new BuildAbortedException("Command '" + PythonRepr.list(List.of("ldd", lib.toString()))
                        + "' was terminated early by event");
            }
            String out = ldd.run(lib, scratch);
            if (out == null) {
                continue;
            }
            for (Path p : Ldd.parse(out)) {
                try {
                    linked.add(p.toRealPath());
                } catch (NoSuchFileException e) {
                    // a library that does not exist is skipped
                }
            }
        }
        return classify(linked);
    }

    /** Splits resolved library paths into owning packages and orphans. */
    Map<String, List<String>> classify(Collection<Path> libraries) throws IOException {
        TreeSet<String> apt = new TreeSet<>();
        TreeSet<String> orphans = new TreeSet<>();
        for (Path p : libraries) {
            Optional<String> owner = owners.owner(p);
            if (owner.isPresent()) {
                apt.add(owner.get());
            } else {
                orphans.add(p.toString());
            }
        }
        return Map.of("apt", List.copyOf(apt), ORPHANS, List.copyOf(orphans));
    }

    private static List<Path> extractLibraries(Path wheel, Path scratch) throws IOException {
        List<Path> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            int i = 0;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (e.isDirectory() || !(name.endsWith(".so") || name.contains(".so."))) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] magic = in.readNBytes(4);
                    if (magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
                        Path target = scratch.resolve((i++) + "-" + Path.of(name).getFileName());
                        try (InputStream again = zip.getInputStream(e)) {
                            Files.copy(again, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        out.add(target);
                    }
                }
            }
        }
        return out;
    }
}
