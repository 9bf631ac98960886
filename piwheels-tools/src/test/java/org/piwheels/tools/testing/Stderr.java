package org.piwheels.tools.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures stderr, where the commands' console log goes (spec §2.3), for the length
 * of each test. Logback's console appender writes to whatever {@code System.err} is
 * at the time, so swapping the stream is enough.
 */
public final class Stderr implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.err;
        buffer.reset();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
        original.print(text());
    }

    /** Forgets what was written so far. */
    public void reset() {
        buffer.reset();
    }

    /** @return everything written to stderr in this test so far */
    public String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
