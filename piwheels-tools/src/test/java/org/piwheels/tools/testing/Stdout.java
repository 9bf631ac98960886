package org.piwheels.tools.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** What a command prints on stdout (its --help and --version), with its exit status checked. */
public final class Stdout {
    private Stdout() {
    }

    /** Runs {@code command}, which must exit 0, and returns what it printed. */
    public static String of(IntSupplier command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.getAsInt()).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
