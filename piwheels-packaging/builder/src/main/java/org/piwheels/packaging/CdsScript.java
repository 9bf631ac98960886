package org.piwheels.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell script postinst and prerm run to make and delete the class-data-sharing
 * archives. An archive only works with the class path it was made with, installed
 * paths included, so it is made on the installed system, by the package's own
 * runtime, with the class path and options read from the launcher's configuration.
 * It is a static archive (the classes {@code --help} loads, listed by one run, then
 * dumped with {@code -Xshare:dump}), not a dynamic one: Java 17 leaves classes of
 * class-file version 49, such as all of picocli, and every class linked against them
 * out of a dynamic archive, which was most of what a command loads.
 */
final class CdsScript {
    private final String packageName;
    private final Path image;
    private final List<CommandInfo> commands;

    CdsScript(String packageName, Path image, List<CommandInfo> commands) {
        this.packageName = packageName;
        this.image = image;
        this.commands = commands;
    }

    String render() throws IOException {
        String installed = "/opt/" + packageName;
        StringBuilder create = new StringBuilder();
        StringBuilder remove = new StringBuilder();
        for (CommandInfo c : commands) {
            if (!c.cds()) {
                continue;
            }
            List<String> classPath = new ArrayList<>();
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(image.resolve("lib/app").resolve(c.name() + ".cfg"))) {
                String value = line.substring(line.indexOf('=') + 1).replace("$APPDIR", installed + "/lib/app");
                if (line.startsWith("app.classpath=")) {
                    classPath.add(value);
                } else if (line.startsWith("java-options=") && !value.startsWith("-XX:SharedArchiveFile")
                        && !value.startsWith("-Xshare")) {
                    options.add(value);
                }
            }
            create.append("    dump ").append(c.name()).append(' ').append(c.mainClass())
                    .append(" '").append(String.join(":", classPath)).append("' ")
                    .append(String.join(" ", options)).append('\n');
            remove.append("    rm -f \"$dir/").append(c.name()).append(".jsa\" \"$dir/").append(c.name())
                    .append(".jsa.tmp\" \"$dir/").append(c.name()).append(".classlist\"\n");
        }
        return """
                #!/bin/sh
                # Makes (create) or deletes (remove) the class-data-sharing archives of %1$s's
                # quick commands; written by the package build, run by postinst and prerm.
                set -e
                dir=%2$s
                java=%3$s/lib/runtime/bin/java

                # dump NAME MAIN-CLASS CLASS-PATH [JVM-OPTION...]: list the classes NAME --help loads, then archive them
                dump() {
                    name=$1 main=$2 cp=$3
                    shift 3
                    rm -f "$dir/$name.jsa" "$dir/$name.jsa.tmp" "$dir/$name.classlist"
                    if "$java" -XX:DumpLoadedClassList="$dir/$name.classlist" "$@" -cp "$cp" "$main" --help >/dev/null 2>&1 &&
                        "$java" -Xshare:dump -XX:SharedClassListFile="$dir/$name.classlist" \
                            -XX:SharedArchiveFile="$dir/$name.jsa.tmp" "$@" -cp "$cp" >/dev/null 2>&1; then
                        mv "$dir/$name.jsa.tmp" "$dir/$name.jsa"
                    else
                        rm -f "$dir/$name.jsa.tmp"
                        echo "%1$s: could not make the start-up archive of $name; it will start more slowly" >&2
                    fi
                    rm -f "$dir/$name.classlist"
                }

                case "$1" in
                create)
                    mkdir -p "$dir"
                %4$s    ;;
                remove)
                %5$s    rmdir "$dir" 2>/dev/null || true
                    ;;
                *)
                    echo "usage: $0 create|remove" >&2
                    exit 2
                    ;;
                esac
                """.formatted(packageName, DebBuilder.CDS_DIR, installed, create, remove);
    }
}
