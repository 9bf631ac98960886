package org.piwheels.tools.initdb;

import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.YesNoPrompt;
import org.piwheels.db.Dsn;
import org.piwheels.db.schema.DatabaseInitializer;
import org.piwheels.db.schema.InitDbException;
import org.piwheels.db.schema.RoleRights;
import org.piwheels.db.schema.SchemaVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code piw-initdb}: creates the piwheels schema in an empty database, or
 * adopts and upgrades one that piwheels 0.23 created (components spec §10,
 * database spec §1.6-§1.8). Connects as a cluster superuser; never creates
 * databases or roles.
 */
@Command(name = "piw-initdb", mixinStandardHelpOptions = true, version = InitDbCommand.VERSION,
        description = {"Initialize the piwheels database, or upgrade an existing one to the current version.",
                "Connect (--dsn) as a cluster superuser; --user names the ordinary role the master uses."})
public final class InitDbCommand implements Callable<Integer> {

    /** The software version {@code --version} prints. */
    static final String VERSION = "0.23";

    /** The configuration-file section of this command. */
    static final String SECTION = "initdb";

    private static final Logger LOG = LoggerFactory.getLogger("initdb");

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;

    @Option(names = "--debug", description = "Log debug messages on the console")
    boolean debug;

    @Option(names = {"-d", "--dsn"}, paramLabel = "DSN", defaultValue = "postgres:///piwheels",
            description = "The database to create or upgrade; must connect as a cluster superuser (default: ${DEFAULT-VALUE})")
    String dsn;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", defaultValue = "piwheels",
            description = "The ordinary (non-superuser) role the master will connect as (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--reporting-user", paramLabel = "NAME",
            description = "An existing ordinary role to grant read-only access (SELECT on every table and view) for "
                    + "reporting tools (beyond 0.23; default: none)")
    String reportingUser;

    @Option(names = {"-y", "--yes"}, description = "Proceed without prompting")
    boolean yes;

    private final YesNoPrompt prompt;

    /** A command that prompts on stdin/stdout. */
    public InitDbCommand() {
        this(new YesNoPrompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out));
    }

    /** A command with its own prompt (tests). */
    InitDbCommand(YesNoPrompt prompt) {
        this.prompt = prompt;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs with the default configuration files and returns the exit status. */
    public static int run(String[] args) {
        return CommandRunner.run(new InitDbCommand(), SECTION, args);
    }

    @Override
    public Integer call() throws SQLException {
        LogSetup.configure(logging, debug, false, List.of());
        LOG.info("PiWheels Initialize Database version {} (schema {})", VERSION, SchemaVersions.CURRENT);
        Dsn target;
        try {
            target = Dsn.parse(dsn);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return ExitCodes.USAGE;
        }
        try (Connection admin = connect(target)) {
            DatabaseInitializer.Outcome outcome = DatabaseInitializer.run(admin, user, question -> yes || ask(question));
            if (reportingUser != null && outcome != DatabaseInitializer.Outcome.DECLINED) {
                RoleRights.grantReadOnly(admin, reportingUser, user);
                LOG.warn("Granted read-only access to {}", reportingUser);
            }
            return ExitCodes.OK;
        } catch (InitDbException e) {
            LOG.error(e.getMessage());
            LOG.debug("details", e);
            return ExitCodes.FAILED;
        }
    }

    private boolean ask(String question) {
        try {
            return prompt.ask(question);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection connect(Dsn target) {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        try {
            return DriverManager.getConnection(target.jdbcUrl(), props);
        } catch (SQLException e) {
            // 3D000 invalid_catalog_name: the server is there, the database is not.
            if ("3D000".equals(e.getSQLState())) {
                throw new InitDbException("Database " + target.database() + " does not exist", e);
            }
            throw new InitDbException("Cannot connect to " + target + ": " + e.getMessage(), e);
        }
    }
}
