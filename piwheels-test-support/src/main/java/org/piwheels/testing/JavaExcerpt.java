package org.piwheels.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a Java excerpt of the manual inside a wrapper that declares what the
 * excerpt takes as given (imports, variables), against the test's class path: a
 * renamed class or method, or a changed signature, fails the test that claims it.
 */
public final class JavaExcerpt {
    private JavaExcerpt() {
    }

    /**
     * @param className the wrapper's simple name (a class of the default package)
     * @param source the wrapper with the excerpt in it
     * @return the compiler's messages; empty when it compiled cleanly
     */
    public static String compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime");
        }
        try {
            Path dir = Files.createTempDirectory("excerpt");
            try {
                Path file = dir.resolve(className + ".java");
                Files.writeString(file, source);
                StringWriter out = new StringWriter();
                var fm = javac.getStandardFileManager(null, null, null);
                boolean ok = javac.getTask(out, fm, null,
                        List.of("-proc:none", "-Xlint:none", "-d", dir.toString(),
                                "-cp", System.getProperty("java.class.path")),
                        null, fm.getJavaFileObjects(file)).call();
                fm.close();
                return ok ? "" : (out.toString().isEmpty() ? "compilation failed" : out.toString()) + "\n" + source;
            } finally {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
