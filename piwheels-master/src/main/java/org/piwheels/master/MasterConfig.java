package org.piwheels.master;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code piw-master} was told on its command line or in its configuration
 * file (components spec §3.1). Addresses are ZeroMQ endpoints.
 *
 * @param dsn          the database, a libpq URI
 * @param outputPath   the web root
 * @param devMode      development mode (§3.5)
 * @param debug        task-name patterns to log at DEBUG
 * @param pypiXmlrpc   PyPI's XML-RPC endpoint
 * @param pypiSimple   the index handed to slaves
 * @param pypiJson     the root of PyPI's JSON API
 * @param statusQueue  PUB for monitors
 * @param controlQueue PULL for control messages
 * @param importQueue  the admin tools' ROUTER
 * @param logQueue     piw-logger's PULL
 * @param slaveQueue   the build slaves' ROUTER
 * @param fileQueue    the wheel uploads' ROUTER
 * @param webQueue     page requests
 * @param buildsQueue  build queues from the planner
 * @param dbQueue      database requests
 * @param fsQueue      file-system requests
 * @param statsQueue   statistics
 */
public record MasterConfig(
        String dsn,
        Path outputPath,
        boolean devMode,
        List<String> debug,
        String pypiXmlrpc,
        String pypiSimple,
        String pypiJson,
        String statusQueue,
        String controlQueue,
        String importQueue,
        String logQueue,
        String slaveQueue,
        String fileQueue,
        String webQueue,
        String buildsQueue,
        String dbQueue,
        String fsQueue,
        String statsQueue) {

    /** The internal status queue every task reports to. */
    public static final String STATUS_INTERNAL = "inproc://status";
    /** Between the database router and its workers. */
    public static final String ORACLE = "inproc://oracle";
    /** Between the page-request buffer and the site writer. */
    public static final String SCRIBE = "inproc://scribe";
    /** Deletion notices to the slave driver. */
    public static final String SKIP = "inproc://skip";

    /** @return the control queue address of a task */
    public static String controlAddress(String taskName) {
        return "inproc://ctrl-" + taskName;
    }
}
