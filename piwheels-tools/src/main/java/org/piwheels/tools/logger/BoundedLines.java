package org.piwheels.tools.logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a log line by line like {@code BufferedReader.readLine} (ends at LF, CR or
 * CRLF), but never holds more than {@link #MAX_LINE} characters of one line: a longer
 * "line" (a binary file, a log without newlines) is skipped to its end and reported
 * by {@link #lastWasTooLong()}, so that a huge input cannot exhaust memory.
 */
final class BoundedLines implements Closeable {
    /** Far beyond any access-log line (a long user agent is a few KiB). */
    static final int MAX_LINE = 64 * 1024;

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int len;
    private boolean skipLf;
    private boolean tooLong;
    private long lastLength;

    BoundedLines(Reader in) {
        this(in, MAX_LINE);
    }

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /**
     * @return the next line without its end; for a line over the limit, its first
     *     {@link #MAX_LINE} characters; null at the end of the input
     */
    String next() throws IOException {
        line.setLength(0);
        tooLong = false;
        lastLength = 0;
        boolean any = false;
        while (true) {
            if (pos == len) {
                len = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return any ? line.toString() : null;
                }
            }
            char c = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n' || c == '\r') {
                skipLf = c == '\r';
                return line.toString();
            }
            lastLength++;
            if (line.length() < max) {
                line.append(c);
            } else {
                tooLong = true;
            }
        }
    }

    /** @return whether the line last returned was longer than the limit (and is only its start) */
    boolean lastWasTooLong() {
        return tooLong;
    }

    /** @return the full length, in characters, of the line last returned */
    long lastLength() {
        return lastLength;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
