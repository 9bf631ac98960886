package org.piwheels.tools.importer;

/**
 * What piw-import reports while it uploads: a bar on a terminal
 * ({@link TerminalProgress}), plain lines otherwise ({@link PlainProgress}).
 */
interface ImportProgress {
    /** The upload of all files begins. */
    void start(int files, long bytes);

    /** The master asked for a file (again, after a failed verification, when {@code retry}). */
    void fileStarted(String filename, long size, boolean retry);

    /** Some bytes of the current file went out. */
    void sent(long bytes);

    /** The master has every byte of the current file. */
    void fileSent(String filename);

    /** The master confirmed the whole build (or the import ended otherwise). */
    void finish();
}
