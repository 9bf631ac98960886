package org.piwheels.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from environment variables, consulted before the configuration
 * files (components spec §2.2: command line, then environment, then files). Only
 * {@code piw-slave} has such variables ({@code PIW_MASTER}, {@code PIW_TIMEOUT}).
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> variables;
    private final Map<String, String> environment;
    private final CommandLine.IDefaultValueProvider next;

    /**
     * @param variables   option key (long name without dashes) to variable name
     * @param environment the environment, normally {@link System#getenv()}
     * @param next        the provider asked when the variable is unset or empty (the files)
     */
    public EnvironmentDefaults(Map<String, String> variables, Map<String, String> environment,
                               CommandLine.IDefaultValueProvider next) {
        this.variables = variables;
        this.environment = environment;
        this.next = next;
    }

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        if (arg instanceof OptionSpec) {
            String variable = variables.get(((OptionSpec) arg).longestName().replaceFirst("^-+", ""));
            String value = variable == null ? null : environment.get(variable);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return next == null ? null : next.defaultValue(arg);
    }
}
