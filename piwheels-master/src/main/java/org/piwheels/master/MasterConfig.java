package org.piwheels.master;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.CurveServer;
import org.piwheels.web.SiteConfig;

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
 * @param queueInterval how often the build queue is recomputed even when no change
 *                      asked for it (beyond 0.23, which waited an hour)
 * @param baseUrl      the site's public address, used in the pages' absolute links, the JSON
 *                     API and the sitemaps (beyond 0.23, which hard-codes its own)
 * @param curve        CURVE on the slave and file queues and a TCP import queue, or {@code null}
 *                     for plaintext as in 0.23 (beyond 0.23)
 * @param adminSecret  the credentials the control, status, log and import queues ask of
 *                     their clients (ZeroMQ PLAIN), or {@code null} for none, as in 0.23; a
 *                     CURVE import queue is checked by CURVE instead (beyond 0.23)
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
        String statsQueue,
        Duration queueInterval,
        String baseUrl,
        CurveServer curve,
        AdminSecret adminSecret) {

    /** The default of {@code --queue-interval}. */
    public static final Duration DEFAULT_QUEUE_INTERVAL = Duration.ofSeconds(30);

    /** Validates the interval. */
    public MasterConfig {
        if (queueInterval.isNegative() || queueInterval.isZero()) {
            throw new IllegalArgumentException("the build-queue interval must be positive: " + queueInterval);
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("the base URL must be an http:// or https:// address: " + baseUrl);
        }
    }

    /** As the canonical constructor, without admin credentials. */
    public MasterConfig(String dsn, Path outputPath, boolean devMode, List<String> debug, String pypiXmlrpc,
                        String pypiSimple, String pypiJson, String statusQueue, String controlQueue,
                        String importQueue, String logQueue, String slaveQueue, String fileQueue, String webQueue,
                        String buildsQueue, String dbQueue, String fsQueue, String statsQueue,
                        Duration queueInterval, String baseUrl, CurveServer curve) {
        this(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue, controlQueue,
                importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue, statsQueue,
                queueInterval, baseUrl, curve, null);
    }

    /** As the canonical constructor, without CURVE or admin credentials. */
    public MasterConfig(String dsn, Path outputPath, boolean devMode, List<String> debug, String pypiXmlrpc,
                        String pypiSimple, String pypiJson, String statusQueue, String controlQueue,
                        String importQueue, String logQueue, String slaveQueue, String fileQueue, String webQueue,
                        String buildsQueue, String dbQueue, String fsQueue, String statsQueue,
                        Duration queueInterval, String baseUrl) {
        this(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue, controlQueue,
                importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue, statsQueue,
                queueInterval, baseUrl, null);
    }

    /** As the canonical constructor, with the default site address. */
    public MasterConfig(String dsn, Path outputPath, boolean devMode, List<String> debug, String pypiXmlrpc,
                        String pypiSimple, String pypiJson, String statusQueue, String controlQueue,
                        String importQueue, String logQueue, String slaveQueue, String fileQueue, String webQueue,
                        String buildsQueue, String dbQueue, String fsQueue, String statsQueue,
                        Duration queueInterval) {
        this(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue, controlQueue,
                importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue, statsQueue,
                queueInterval, SiteConfig.DEFAULT_BASE_URL);
    }

    /** As the canonical constructor, with the default build-queue interval. */
    public MasterConfig(String dsn, Path outputPath, boolean devMode, List<String> debug, String pypiXmlrpc,
                        String pypiSimple, String pypiJson, String statusQueue, String controlQueue,
                        String importQueue, String logQueue, String slaveQueue, String fileQueue, String webQueue,
                        String buildsQueue, String dbQueue, String fsQueue, String statsQueue) {
        this(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue, controlQueue,
                importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue, statsQueue,
                DEFAULT_QUEUE_INTERVAL);
    }

    /** @return this configuration with another build-queue interval */
    public MasterConfig withQueueInterval(Duration interval) {
        return new MasterConfig(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue,
                controlQueue, importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue,
                statsQueue, interval, baseUrl, curve, adminSecret);
    }

    /** @return this configuration with another site address */
    public MasterConfig withBaseUrl(String url) {
        return new MasterConfig(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue,
                controlQueue, importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue,
                statsQueue, queueInterval, url, curve, adminSecret);
    }

    /** @return this configuration with CURVE keys ({@code null}: plaintext) */
    public MasterConfig withCurve(CurveServer keys) {
        return new MasterConfig(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue,
                controlQueue, importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue,
                statsQueue, queueInterval, baseUrl, keys, adminSecret);
    }

    /** @return this configuration with admin credentials ({@code null}: none, as in 0.23) */
    public MasterConfig withAdminSecret(AdminSecret secret) {
        return new MasterConfig(dsn, outputPath, devMode, debug, pypiXmlrpc, pypiSimple, pypiJson, statusQueue,
                controlQueue, importQueue, logQueue, slaveQueue, fileQueue, webQueue, buildsQueue, dbQueue, fsQueue,
                statsQueue, queueInterval, baseUrl, curve, secret);
    }

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
