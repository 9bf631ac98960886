package org.piwheels.tools.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real wheel files for the tests: a module, METADATA, WHEEL and a RECORD with correct hashes. */
public final class TestWheels {
    private TestWheels() {
    }

    /**
     * @param metadata METADATA text
     * @param payload  bytes of an incompressible data file, to make the wheel span several chunks
     */
    public static Path wheel(Path dir, String filename, String distInfo, String metadata, int payload) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("foo/__init__.py", "print('foo')\n".getBytes(StandardCharsets.UTF_8));
        byte[] data = new byte[payload];
        new Random(filename.hashCode()).nextBytes(data);
        members.put("foo/data.bin", data);
        members.put(distInfo + "/METADATA", metadata.getBytes(StandardCharsets.UTF_8));
        members.put(distInfo + "/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            record.append(m.getKey()).append(",sha256=").append(hash(m.getValue())).append(',')
                    .append(m.getValue().length).append('\n');
        }
        record.append(distInfo).append("/RECORD,,\n");
        members.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        return write(dir.resolve(filename), members);
    }

    /** The usual wheel of package {@code foo} 0.1 with the given tags. */
    public static Path foo(Path dir, String tags, String requiresPython, int payload) throws Exception {
        String meta = "Metadata-Version: 2.1\nName: foo\nVersion: 0.1\n"
                + (requiresPython == null ? "" : "Requires-Python: " + requiresPython + "\n")
                + "Requires-Dist: Baz\nRequires-Dist: bar (>=1.0)\nRequires-Dist: sphinx ; extra == 'doc'\n";
        return wheel(dir, "foo-0.1-" + tags + ".whl", "foo-0.1.dist-info", meta, payload);
    }

    /** A wheel of project {@code name} (as METADATA spells it) with the given tags, requiring numpy. */
    public static Path of(Path dir, String name, String version, String tags, int payload) throws Exception {
        String stem = name.replace('-', '_') + "-" + version;
        return wheel(dir, stem + "-" + tags + ".whl", stem + ".dist-info",
                "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nRequires-Dist: numpy\n", payload);
    }

    public static Path write(Path file, Map<String, byte[]> members) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }

    public static String hash(byte[] b) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
