package org.piwheels.tools.importqueue;

/**
 * The exit statuses every tool lists in its {@code --help} (picocli's
 * {@code exitCodeList} entries), in step with {@link org.piwheels.cli.ExitCodes}.
 * Separate constants, because an annotation can take constant strings but not a
 * constant array.
 */
public final class ExitStatus {
    /** Heading of the list. */
    public static final String HEADING = "%nExit status:%n";
    /** 0. */
    public static final String OK = "  0:done";
    /** 1. */
    public static final String FAILED = "  1:refused by the master, or failed (the reason is logged)";
    /** 2. */
    public static final String USAGE = "  2:usage error, or the prompt was declined";
    /** 130. */
    public static final String INTERRUPTED = "130:interrupted (Ctrl+C)";
    /** The version the tools report, as 0.23's {@code --version}. */
    public static final String VERSION = "0.23";

    private ExitStatus() {
    }
}
