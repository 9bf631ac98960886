package org.piwheels.tools.importqueue;

import java.time.Duration;

/**
 * The one-line failure of a tool whose master stayed silent for its whole
 * {@code --reply-timeout}. ZeroMQ connects in the background and JeroMQ 0.6 reports
 * no refused handshake to a client, so silence is all a tool sees of a master that is
 * not there or does not accept it; the message names what to check.
 */
public final class MasterSilence {
    private MasterSilence() {
    }

    /**
     * @return the failure of a silent import queue (admin credentials or CURVE keys); short
     *         enough for the console's 120 columns with a usual address
     */
    public static ToolFailure onImportQueue(String address, Duration waited) {
        return new ToolFailure("No reply from " + address + " in " + seconds(waited)
                + ": master not there, or refusing --admin-auth/--admin-secret/CURVE keys");
    }

    /** @return the failure of a silent file queue (CURVE keys only: the file queue takes no admin credentials) */
    public static ToolFailure onFileQueue(String address, Duration waited) {
        return new ToolFailure("No reply from file queue " + address + " in " + seconds(waited)
                + ": master not there (--file-queue), or refusing CURVE keys");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
