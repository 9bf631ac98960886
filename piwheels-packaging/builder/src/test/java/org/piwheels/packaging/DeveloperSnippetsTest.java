package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.piwheels.testing.DocSnippets;

/**
 * The developers' snippets of the manual, which take minutes to hours (benchmarks) or
 * belong to another build (a Maven dependency), checked as far as a test can without
 * running them: the shell is valid ({@code bash -n}), every main class named exists
 * and has a {@code main} method, every module named by {@code -pl} or in a path
 * exists, every script of the repository named exists, and the Maven coordinates
 * are the build's own. (benchmarks/loadgen-series describes its helper scripts in
 * comments; they are not in the repository.)
 */
class DeveloperSnippetsTest {
    private static final Pattern MAIN_CLASS = Pattern.compile("\\b(org\\.piwheels(?:\\.[a-z0-9]+)+\\.[A-Z][A-Za-z0-9]*)\\b");
    private static final Pattern MODULES = Pattern.compile("\\s-pl\\s+(\\S+)");
    private static final Pattern MODULE_PATH = Pattern.compile("(?<![/\\w.-])(piwheels-[a-z0-9-]+)/");
    private static final Pattern SCRIPT = Pattern.compile("\\b(piwheels-[a-z0-9-]+/[\\w/.-]+\\.sh)\\b");

    @ParameterizedTest
    @ValueSource(strings = {"benchmarks/jmh", "benchmarks/scale", "benchmarks/site", "benchmarks/site-compare",
            "benchmarks/loadgen", "benchmarks/loadgen-series", "benchmarks/transfer", "benchmarks/follower",
            "benchmarks/follower-large", "benchmarks/tools", "benchmarks/startup"})
    void benchmarkCommandsNameWhatExists(String id) throws Exception {
        String text = DocSnippets.text(id);
        Path root = Repo.root();
        List<String> problems = new ArrayList<>();
        Matcher classes = MAIN_CLASS.matcher(text);
        int named = 0;
        while (classes.find()) {
            named++;
            String cls = classes.group(1);
            Path source = findSource(root, cls.replace('.', '/') + ".java");
            if (source == null) {
                problems.add(id + ": no source of " + cls);
            } else if (!Files.readString(source).matches("(?s).*static\\s+void\\s+main\\s*\\(.*")) {
                problems.add(id + ": " + cls + " has no main method");
            }
        }
        Matcher modules = MODULES.matcher(text);
        while (modules.find()) {
            for (String module : modules.group(1).split(",")) {
                named++;
                if (!Files.isRegularFile(root.resolve(module).resolve("pom.xml"))) {
                    problems.add(id + ": -pl names " + module + ", which is no module");
                }
            }
        }
        Matcher paths = MODULE_PATH.matcher(text);
        while (paths.find()) {
            if (!Files.isDirectory(root.resolve(paths.group(1)))) {
                problems.add(id + ": path under " + paths.group(1) + ", which is no module");
            }
        }
        Matcher scripts = SCRIPT.matcher(text);
        while (scripts.find()) {
            named++;
            if (!Files.isRegularFile(root.resolve(scripts.group(1)))) {
                problems.add(id + ": no script " + scripts.group(1));
            }
        }
        assertThat(named).as(id + " names a main class, a script or a module").isPositive();
        assertThat(problems).isEmpty();
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(id + ": bash -n: " + out).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"protocol-library/maven-dependency"})
    void mavenCoordinatesAreTheBuildsOwn(String id) throws Exception {
        String text = DocSnippets.text(id);
        String artifact = between(text, "<artifactId>", "</artifactId>");
        String pom = Files.readString(Repo.root().resolve(artifact).resolve("pom.xml"));
        String parent = Files.readString(Repo.root().resolve("pom.xml"));
        assertThat(pom).contains("<artifactId>" + artifact + "</artifactId>");
        assertThat(between(text, "<groupId>", "</groupId>")).isEqualTo(between(parent, "<groupId>", "</groupId>"));
        assertThat(between(text, "<version>", "</version>")).isEqualTo(between(parent, "<version>", "</version>"));
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open);
        assertThat(start).as(open + " in " + text).isNotNegative();
        return text.substring(start + open.length(), text.indexOf(close, start)).strip();
    }

    private static Path findSource(Path root, String relative) throws IOException {
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                for (String set : List.of("src/main/java/", "src/test/java/")) {
                    Path candidate = module.resolve(set + relative);
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }
}
