package org.piwheels.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds real, small sdists: {@code setup.py} (setuptools), {@code PKG-INFO},
 * one Python module, optionally C extensions, and by default a {@code pyproject.toml} naming setuptools and wheel as
 * build requirements, so pip builds them in an isolated environment from the index.
 * Python code can be put in front of the {@code setup()} call to make a build sleep,
 * fail or record what it sees.
 */
public final class SdistBuilder {
    private final String name;
    private final String version;
    private String summary = "A test package";
    private final List<String> installRequires = new ArrayList<>();
    private String pythonRequires;
    private String setupPrelude = "";
    private boolean pyproject = true;
    private long mtime = 1_700_000_000L;
    private final Map<String, String> extraFiles = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();

    private SdistBuilder(String name, String version) {
        this.name = name;
        this.version = version;
    }

    /** Starts an sdist of {@code name} {@code version}. */
    public static SdistBuilder sdist(String name, String version) {
        return new SdistBuilder(name, version);
    }

    /** Sets the one-line summary. */
    public SdistBuilder summary(String text) {
        this.summary = text;
        return this;
    }

    /** Adds an {@code install_requires} entry (a PEP 508 requirement, markers allowed). */
    public SdistBuilder requires(String requirement) {
        installRequires.add(requirement);
        return this;
    }

    /** Sets {@code python_requires}. */
    public SdistBuilder pythonRequires(String specifier) {
        this.pythonRequires = specifier;
        return this;
    }

    /** @return the {@code python_requires} set, or null */
    public String pythonRequires() {
        return pythonRequires;
    }

    /** Python statements run by {@code setup.py} before {@code setup()}; {@code os}, {@code sys} are imported. */
    public SdistBuilder setupPrelude(String python) {
        this.setupPrelude = python;
        return this;
    }

    /** Whether to include {@code pyproject.toml} (default yes: pip then uses build isolation). */
    public SdistBuilder pyproject(boolean include) {
        this.pyproject = include;
        return this;
    }

    /** Adds a file inside the project directory. */
    public SdistBuilder file(String relativePath, String content) {
        extraFiles.put(relativePath, content);
        return this;
    }

    /**
     * Adds a C extension module built from one source file, linked against the given
     * system libraries (e.g. {@code z} for zlib): the build then needs a C compiler,
     * Python's headers and the libraries' development files, and the wheel is
     * platform-specific.
     *
     * @param module    the extension's module name (must differ from the project's Python module)
     * @param cSource   the C source, stored as {@code <module>.c}
     * @param libraries names for {@code -l}
     */
    public SdistBuilder cExtension(String module, String cSource, String... libraries) {
        extraFiles.put(module + ".c", cSource);
        StringBuilder sb = new StringBuilder("Extension(").append(py(module)).append(", sources=[")
                .append(py(module + ".c")).append("], libraries=[");
        for (String lib : libraries) {
            sb.append(py(lib)).append(", ");
        }
        extensions.add(sb.append("])").toString());
        return this;
    }

    /** Sets the modification time of every member. */
    public SdistBuilder mtime(long epochSeconds) {
        this.mtime = epochSeconds;
        return this;
    }

    /** Builds the archive. */
    public Sdist build() {
        String base = Names.underscored(name) + "-" + version;
        String module = Names.underscored(name).toLowerCase(java.util.Locale.ROOT);
        Map<String, byte[]> files = new LinkedHashMap<>();
        put(files, base + "/PKG-INFO", pkgInfo());
        put(files, base + "/setup.py", setupPy(module));
        if (pyproject) {
            put(files, base + "/pyproject.toml", "[build-system]\nrequires = [\"setuptools>=40.8.0\", \"wheel\"]\n"
                    + "build-backend = \"setuptools.build_meta\"\n");
        }
        put(files, base + "/" + module + ".py", "\"\"\"" + summary + "\"\"\"\n__version__ = '" + version + "'\n");
        extraFiles.forEach((path, content) -> put(files, base + "/" + path, content));
        try {
            return new Sdist(name, version, base + ".tar.gz", TarGzWriter.archive(files, mtime));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Map<String, byte[]> files, String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    private String pkgInfo() {
        StringBuilder sb = new StringBuilder();
        sb.append("Metadata-Version: 2.1\n");
        sb.append("Name: ").append(name).append('\n');
        sb.append("Version: ").append(version).append('\n');
        sb.append("Summary: ").append(summary).append('\n');
        if (pythonRequires != null) {
            sb.append("Requires-Python: ").append(pythonRequires).append('\n');
        }
        for (String r : installRequires) {
            sb.append("Requires-Dist: ").append(r).append('\n');
        }
        return sb.toString();
    }

    private String setupPy(String module) {
        StringBuilder sb = new StringBuilder();
        sb.append("import os\nimport sys\nfrom setuptools import setup");
        sb.append(extensions.isEmpty() ? "\n\n" : ", Extension\n\n");
        sb.append(setupPrelude).append("\n\n");
        sb.append("setup(\n");
        sb.append("    name=").append(py(name)).append(",\n");
        sb.append("    version=").append(py(version)).append(",\n");
        sb.append("    description=").append(py(summary)).append(",\n");
        sb.append("    py_modules=[").append(py(module)).append("],\n");
        if (!installRequires.isEmpty()) {
            sb.append("    install_requires=[");
            for (String r : installRequires) {
                sb.append(py(r)).append(", ");
            }
            sb.append("],\n");
        }
        if (!extensions.isEmpty()) {
            sb.append("    ext_modules=[").append(String.join(", ", extensions)).append("],\n");
        }
        if (pythonRequires != null) {
            sb.append("    python_requires=").append(py(pythonRequires)).append(",\n");
        }
        sb.append(")\n");
        return sb.toString();
    }

    /** A Python string literal. */
    static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
