/**
 * What every piwheels command shares (components spec §2): the common options
 * ({@link org.piwheels.cli.CommonOptions}, {@link org.piwheels.cli.LoggingOptions}),
 * configuration files in the 0.23 search order with per-command sections
 * ({@link org.piwheels.cli.ConfigFiles}, {@link org.piwheels.cli.ConfigDefaults}),
 * console and file logging ({@link org.piwheels.cli.LogSetup}), exit codes
 * ({@link org.piwheels.cli.ExitCodes}, {@link org.piwheels.cli.CommandRunner}),
 * the yes/no prompt, duration values and facts about the host.
 */
package org.piwheels.cli;
