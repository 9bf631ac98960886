package org.piwheels.tools.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.piwheels.cli.YesNoPrompt;

/** A prompt answered from a string, whose questions are kept for checking. */
public final class Prompts {
    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final YesNoPrompt prompt;

    /** @param answers the operator's typing, e.g. {@code "n\n"}; "" is end of input */
    public Prompts(String answers) {
        prompt = new YesNoPrompt(new BufferedReader(new StringReader(answers)),
                new PrintStream(shown, true, StandardCharsets.UTF_8));
    }

    /** @return the prompt */
    public YesNoPrompt prompt() {
        return prompt;
    }

    /** @return what the prompt printed */
    public String shown() {
        return shown.toString(StandardCharsets.UTF_8);
    }
}
