package org.piwheels.master;

import picocli.CommandLine;

/** The version every piwheels-java command prints. */
public final class Version implements CommandLine.IVersionProvider {
    /** Our version (the 0.23 protocol and database are what we are compatible with). */
    public static final String VERSION = versionFromJar();

    private static String versionFromJar() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    @Override
    public String[] getVersion() {
        return new String[] {VERSION};
    }
}
