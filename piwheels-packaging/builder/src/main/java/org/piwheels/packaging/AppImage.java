package org.piwheels.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jpackage application image of one package: a jlink runtime and one native
 * launcher per command, installed under {@code /opt/PACKAGE}. The commands an operator
 * types often start from a class-data-sharing archive made at install time.
 */
final class AppImage {
    private final String packageName;
    private final Path lib;
    private final String mainJar;
    private final String modules;
    private final Path work;
    private final List<CommandInfo> commands;

    AppImage(String packageName, Path lib, String mainJar, String modules, Path work, List<CommandInfo> commands) {
        this.packageName = packageName;
        this.lib = lib;
        this.mainJar = mainJar;
        this.modules = modules;
        this.work = work;
        this.commands = commands;
    }

    /** The JVM options of a command's launcher. */
    static List<String> javaOptions(CommandInfo c) {
        List<String> options = new ArrayList<>();
        if (c.cds()) {
            options.add("-XX:SharedArchiveFile=" + DebBuilder.CDS_DIR + "/" + c.name() + ".jsa");
            options.add("-Xshare:auto");
            // a short-lived command: the C1 compiler alone saves start-up CPU (docs/benchmarks.md).
            // Not the serial collector: on Java 17 only G1 maps the archive's heap objects, and
            // without them the module graph is rebuilt at every start.
            options.add("-XX:TieredStopAtLevel=1");
        }
        return options;
    }

    Path build() throws IOException, InterruptedException {
        Path runtime = work.resolve("runtime");
        // keep bin/java (postinst runs it to make the CDS archives) and a base archive to build on
        Exec.run(work, List.of(Exec.jdkTool("jlink"), "--add-modules", modules, "--strip-debug", "--no-man-pages",
                "--no-header-files", "--generate-cds-archive", "--output", runtime.toString()));
        // the archive for heaps over 32 GB, which no piwheels command uses: 10 MB saved
        Files.deleteIfExists(runtime.resolve("lib/server/classes_nocoops.jsa"));
        Path launchers = Files.createDirectories(work.resolve("launchers"));
        List<String> jpackage = new ArrayList<>(List.of(Exec.jdkTool("jpackage"), "--type", "app-image",
                "--name", packageName, "--dest", work.resolve("app").toString(), "--input", lib.toString(),
                "--main-jar", mainJar, "--main-class", commands.get(0).mainClass(),
                "--runtime-image", runtime.toString(), "--app-version", numericVersion(),
                "--vendor", "piwheels", "--description", packageName));
        for (CommandInfo c : commands) {
            Path props = launchers.resolve(c.name() + ".properties");
            List<String> lines = new ArrayList<>();
            lines.add("main-class=" + c.mainClass());
            List<String> options = javaOptions(c);
            if (!options.isEmpty()) {
                lines.add("java-options=" + String.join(" ", options));
            }
            Files.write(props, lines);
            jpackage.add("--add-launcher");
            jpackage.add(c.name() + "=" + props);
        }
        Exec.run(work, jpackage);
        Path image = work.resolve("app").resolve(packageName);
        // jpackage always makes a launcher named after the application; every command has its own
        Files.delete(image.resolve("bin").resolve(packageName));
        Files.delete(image.resolve("lib/app").resolve(packageName + ".cfg"));
        // desktop icons jpackage adds for every launcher; these are console commands
        try (Stream<Path> icons = Files.list(image.resolve("lib"))) {
            for (Path icon : (Iterable<Path>) icons.filter(f -> f.toString().endsWith(".png"))::iterator) {
                Files.delete(icon);
            }
        }
        return image;
    }

    private String numericVersion() {
        String version = mainJar.replaceAll("^.*-(\\d+(\\.\\d+)*)(-SNAPSHOT)?\\.jar$", "$1");
        return version.matches("\\d+(\\.\\d+)*") ? version : "1.0";
    }
}
