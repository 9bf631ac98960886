package org.piwheels.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Feeds configuration-file values to picocli as option defaults, so the command
 * line wins over the files and the files over built-in defaults. The key of an
 * option is its longest name without the leading dashes. A list value reaches a
 * multi-value option joined with commas: declare such options with {@code split = ","}.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, List<String>> values;

    /** @param values merged keys from {@link ConfigFiles#load} */
    public ConfigDefaults(Map<String, List<String>> values) {
        this.values = values;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) {
            return null;
        }
        OptionSpec option = (OptionSpec) arg;
        String key = option.longestName().replaceFirst("^-+", "");
        List<String> v = values.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (option.isMultiValue()) {
            return String.join(",", v);
        }
        return v.get(v.size() - 1);
    }
}
