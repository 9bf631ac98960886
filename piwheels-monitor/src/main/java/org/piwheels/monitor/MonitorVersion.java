package org.piwheels.monitor;

import picocli.CommandLine;

/** {@code --version}: the jar's version, as every piwheels-java command prints it. */
public final class MonitorVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MonitorVersion.class.getPackage().getImplementationVersion();
        return new String[] {v != null ? v : "0.1.0-SNAPSHOT"};
    }
}
