package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.piwheels.testing.DocSnippets;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every configuration snippet we publish names keys the commands read: the ini blocks
 * of docs/*.md and the example /etc/piwheels.conf of piwheels-common, whose
 * commented-out values must also be the commands' built-in defaults.
 */
class ConfigSnippetsTest {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^]]+)]\\s*$");
    private static final Pattern KEY = Pattern.compile("^\\s*#?\\s*([a-z][a-z0-9-]*)\\s*=\\s*(\\S.*?)\\s*$");

    /** Section name to the command that reads it. */
    private static Map<String, Map<String, OptionSpec>> optionsBySection() {
        Map<String, Map<String, OptionSpec>> bySection = new HashMap<>();
        for (CommandInfo c : CommandInfo.ALL) {
            Map<String, OptionSpec> options = new HashMap<>();
            for (OptionSpec o : c.commandLine(ConfigSnippetsTest.class.getClassLoader()).getCommandSpec().options()) {
                options.put(o.longestName().replaceFirst("^-+", ""), o);
            }
            bySection.put(c.section(), options);
        }
        return bySection;
    }

    /** (section, key, value) of each key line, commented out or not. */
    private static List<String[]> keys(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        String section = "";
        for (String line : lines) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1).strip();
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.matches()) {
                out.add(new String[] {section, k.group(1), k.group(2)});
            }
        }
        return out;
    }

    /**
     * The ini blocks this test is the only check for: their hosts exist only in the
     * example. The others are also written to /etc/piwheels.conf and used by the
     * packaging walkthrough tests.
     */
    static final List<String> KEYS_ONLY = List.of("master/conf", "slave/conf", "deploy-master/conf-remote",
            "deploy-master/conf-tunnel");

    @Test
    void docsIniBlocksUseOnlyRealKeys() throws Exception {
        Map<String, Map<String, OptionSpec>> bySection = optionsBySection();
        int checked = 0;
        for (DocSnippets.Block block : DocSnippets.all()) {
            if (!block.info().equals("ini")) {
                continue;
            }
            for (String[] key : keys(block.lines())) {
                assertThat(bySection).as("section [" + key[0] + "] in " + block.where()).containsKey(key[0]);
                assertThat(bySection.get(key[0])).as("key " + key[1] + " of [" + key[0] + "] in " + block.where())
                        .containsKey(key[1]);
                checked++;
            }
        }
        assertThat(checked).as("ini keys found in docs/").isGreaterThan(10);
        for (String id : KEYS_ONLY) {
            assertThat(DocSnippets.get(id).info()).as(id).isEqualTo("ini");
        }
    }

    @Test
    void examplePiwheelsConfShowsRealKeysWithTheirDefaults() throws Exception {
        Map<String, Map<String, OptionSpec>> bySection = optionsBySection();
        List<String[]> keys = keys(Files.readAllLines(Repo.packaging().resolve("common/src/deb/etc/piwheels.conf")));
        assertThat(keys).hasSizeGreaterThan(10);
        for (String[] key : keys) {
            assertThat(bySection).as("section [" + key[0] + "]").containsKey(key[0]);
            OptionSpec option = bySection.get(key[0]).get(key[1]);
            assertThat(option).as(key[1] + " in [" + key[0] + "]").isNotNull();
            if (option.defaultValue() != null) {
                assertThat(option.defaultValue()).as("default of " + key[1] + " in [" + key[0] + "]").isEqualTo(key[2]);
            } else {
                // a default the command works out (e.g. the DSN): its help text names it
                assertThat(String.join(" ", option.description())).as("default of " + key[1] + " in [" + key[0] + "]")
                        .contains("default: " + key[2]);
            }
        }
    }
}
