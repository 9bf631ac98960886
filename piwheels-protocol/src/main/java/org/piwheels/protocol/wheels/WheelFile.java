package org.piwheels.protocol.wheels;

import java.nio.file.Path;

/**
 * The tags in a wheel's file name (components spec §7.4 step 1): split the name
 * without {@code .whl} on {@code -}; package and version are the first two parts, the
 * Python, ABI and platform tags the last three; a sixth part is the build tag. An ABI
 * tag of {@code noabi} is rewritten to {@code none}.
 *
 * @param filename   the file name
 * @param packageTag first part (not canonicalised)
 * @param versionTag second part
 * @param buildTag   third part of a six-part name, else {@code null}
 * @param pyTag      third part from the end
 * @param abiTag     second part from the end
 * @param platformTag last part
 */
public record WheelFile(String filename, String packageTag, String versionTag, String buildTag,
                        String pyTag, String abiTag, String platformTag) {

    /** @throws BadWheelException if the name has fewer than five parts or does not end in .whl */
    public static WheelFile parse(Path path) throws BadWheelException {
        String name = path.getFileName().toString();
        if (!name.endsWith(".whl")) {
            throw new BadWheelException("not a wheel file name: " + name);
        }
        String[] parts = name.substring(0, name.length() - 4).split("-", -1);
        if (parts.length < 5) {
            throw new BadWheelException("invalid wheel file name: " + name);
        }
        int n = parts.length;
        String abi = parts[n - 2].equals("noabi") ? "none" : parts[n - 2];
        return new WheelFile(name, parts[0], parts[1], n == 6 ? parts[2] : null, parts[n - 3], abi, parts[n - 1]);
    }
}
