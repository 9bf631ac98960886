package org.piwheels.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds one Debian package. For a command group it makes a Java runtime with jlink
 * (with a base CDS archive, so the commands can add their own), an application image
 * with jpackage holding one launcher per command, and around it the files Debian
 * expects: {@code /usr/bin} links, man pages, bash completion and a helper that makes
 * each quick command's class-data-sharing archive at install time. Files of the
 * module's {@code src/deb} tree (systemd units, configuration, maintainer scripts, the
 * control template) go in as they are; every file under {@code /etc} becomes a conffile.
 * dpkg-deb with {@code --root-owner-group} assembles the package, so no fakeroot is needed.
 */
@Command(name = "deb-builder", mixinStandardHelpOptions = true, description = "Builds a piwheels .deb")
public final class DebBuilder implements Callable<Integer> {
    /** Where postinst keeps the class-data-sharing archives. */
    static final String CDS_DIR = "/var/cache/piwheels";

    @Option(names = "--package", required = true, description = "Package name, e.g. piwheels-tools")
    String packageName;

    @Option(names = "--group", description = "Command group (master, slave, monitor, tools); none for a package without commands")
    String group;

    @Option(names = "--version", required = true,
            description = "The project's (Maven) version; the package's Debian version is derived from it")
    String projectVersion;

    @Option(names = "--keep-work", description = "Keep the scratch directory (runtime, image, package tree) afterwards")
    boolean keepWork;

    private String version;

    @Option(names = "--lib", description = "Directory of the jars the commands need")
    Path lib;

    @Option(names = "--main-jar", description = "The jar (in --lib) holding the commands")
    String mainJar;

    @Option(names = "--skeleton", required = true, description = "Tree copied into the package (src/deb)")
    Path skeleton;

    @Option(names = "--work", required = true, description = "Scratch directory")
    Path work;

    @Option(names = "--out", required = true, description = "Directory the .deb goes to")
    Path out;

    @Option(names = "--modules", description = "Java modules of the runtime")
    String modules;

    @Option(names = "--compression", defaultValue = "gzip", description = "dpkg-deb compression")
    String compression;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DebBuilder()).execute(args));
    }

    /**
     * The Debian version of a Maven version: a qualifier after '-' sorts before the
     * release in Maven, which in Debian is '~' (0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT,
     * older than 0.1.0); anything Debian does not allow in a version is refused.
     */
    public static String debianVersion(String mavenVersion) {
        String v = mavenVersion.strip().replace('-', '~');
        if (!v.matches("[0-9][A-Za-z0-9.+~]*")) {
            throw new IllegalArgumentException("cannot make a Debian version of " + mavenVersion);
        }
        return v;
    }

    @Override
    public Integer call() throws Exception {
        version = debianVersion(projectVersion);
        List<CommandInfo> commands = group == null ? List.of() : CommandInfo.group(group);
        deleteTree(work);
        Path root = work.resolve("root");
        Files.createDirectories(root);
        copySkeleton(skeleton, root);
        String arch = "all";
        if (!commands.isEmpty()) {
            arch = Exec.run(work, List.of("dpkg", "--print-architecture")).strip();
            Path image = new AppImage(packageName, lib, mainJar, modules, work, commands).build();
            Path opt = root.resolve("opt").resolve(packageName);
            copyTree(image, opt);
            writeCommandFiles(root, opt, commands);
        }
        writeControl(root, arch);
        Files.createDirectories(out);
        Path deb = out.resolve(packageName + "_" + version + "_" + arch + ".deb");
        Exec.run(work, List.of("dpkg-deb", "--root-owner-group", "-Z" + compression, "--build", root.toString(),
                deb.toString()));
        System.out.println("built " + deb);
        if (!keepWork) {
            // the runtime, the image and the package tree: some 100 MB a package nothing reads again
            deleteTree(work);
        }
        return 0;
    }

    private void writeCommandFiles(Path root, Path opt, List<CommandInfo> commands) throws IOException {
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Path man = Files.createDirectories(root.resolve("usr/share/man/man1"));
        Path completions = Files.createDirectories(root.resolve("usr/share/bash-completion/completions"));
        String date = LocalDate.now().toString();
        ClassLoader loader = getClass().getClassLoader();
        for (CommandInfo c : commands) {
            Files.createSymbolicLink(bin.resolve(c.name()), Path.of("/opt", packageName, "bin", c.name()));
            CommandLine cl = c.commandLine(loader);
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(man.resolve(c.name() + ".1.gz")))) {
                gz.write(new ManPage(c, cl, version, date).render().getBytes(StandardCharsets.UTF_8));
            }
            Files.writeString(completions.resolve(c.name()), Completion.bash(c, cl));
        }
        if (commands.stream().noneMatch(CommandInfo::cds)) {
            return;
        }
        Path script = opt.resolve("lib/piwheels-cds");
        Files.writeString(script, new CdsScript(packageName, opt, commands).render());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void writeControl(Path root, String arch) throws IOException {
        Path debian = root.resolve("DEBIAN");
        Path template = debian.resolve("control.in");
        long kib = (treeSize(root) - treeSize(debian) + 1023) / 1024;
        String control = Files.readString(template).replace("@VERSION@", version).replace("@ARCH@", arch)
                .replace("@INSTALLED_SIZE@", Long.toString(kib));
        Files.delete(template);
        Files.writeString(debian.resolve("control"), control);
        List<String> conffiles = new ArrayList<>();
        Path etc = root.resolve("etc");
        if (Files.isDirectory(etc)) {
            try (Stream<Path> files = Files.walk(etc)) {
                files.filter(Files::isRegularFile).sorted()
                        .forEach(f -> conffiles.add("/" + root.relativize(f).toString()));
            }
        }
        if (!conffiles.isEmpty()) {
            Files.writeString(debian.resolve("conffiles"), String.join("\n", conffiles) + "\n");
        }
    }

    private static void copySkeleton(Path from, Path to) throws IOException {
        copyTree(from, to);
        Path debian = to.resolve("DEBIAN");
        for (String script : List.of("preinst", "postinst", "prerm", "postrm")) {
            Path p = debian.resolve(script);
            if (Files.exists(p)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    private static long treeSize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
