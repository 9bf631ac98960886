package org.piwheels.cli;

/** The exit statuses every piwheels command uses. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Refused (by the master or the database) or failed. */
    public static final int FAILED = 1;
    /** Bad command line or configuration, or a declined prompt. */
    public static final int USAGE = 2;
    /** Interrupted (Ctrl+C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
