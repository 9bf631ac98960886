package org.piwheels.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The yes/no question of the tools (components spec §2.5): empty, {@code y} or
 * {@code yes} is yes; {@code n} or {@code no} is no; anything else asks again; end
 * of input is no.
 */
public final class YesNoPrompt {
    private final BufferedReader in;
    private final PrintStream out;

    /**
     * @param in  where answers come from
     * @param out where the question goes
     */
    public YesNoPrompt(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** Asks until answered; end of input counts as no. */
    public boolean ask(String question) throws IOException {
        out.println();
        while (true) {
            out.print(question + " [Y/n] ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return false;
            }
            String a = line.strip().toLowerCase(java.util.Locale.ROOT);
            if (a.isEmpty() || a.equals("y") || a.equals("yes")) {
                return true;
            } else if (a.equals("n") || a.equals("no")) {
                return false;
            }
            out.println("Invalid response");
        }
    }
}
