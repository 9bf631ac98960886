package org.piwheels.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Collection;
import org.slf4j.LoggerFactory;

/**
 * Configures logging as 0.23 does (components spec §2.3): console on stderr with
 * the bare message (or {@code name: message} for the master), an optional file
 * with {@code time name LEVEL: message} at INFO or the console level, whichever is
 * lower, and every line cut to 120 characters.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /**
     * @param options     the parsed -q/-v/-l options (null for defaults)
     * @param debug       whether to log at DEBUG on the console
     * @param withNames   whether console lines carry the logger name (the master)
     * @param debugLoggers logger names to set to DEBUG (the master's {@code --debug TASK})
     */
    public static void configure(LoggingOptions options, boolean debug, boolean withNames, Collection<String> debugLoggers) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        int verbosity = options == null ? 0 : options.verbosity;
        Level console = debug ? Level.DEBUG : verbosity < 0 ? Level.ERROR : verbosity > 0 ? Level.INFO : Level.WARN;
        Path file = options == null ? null : options.logFile;
        Level fileLevel = console.isGreaterOrEqual(Level.INFO) ? Level.INFO : console;
        root.setLevel(file != null ? fileLevel : console);

        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(ctx);
        out.setTarget("System.err");
        out.setEncoder(encoder(ctx, withNames ? "%logger: %msg" : "%msg"));
        out.addFilter(new LevelAtLeast(console, debugLoggers));
        out.start();
        root.addAppender(out);

        if (file != null) {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            f.setContext(ctx);
            f.setFile(file.toString());
            f.setAppend(true);
            f.setEncoder(encoder(ctx, "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} %logger %level: %msg"));
            f.start();
            root.addAppender(f);
        }
        for (String name : debugLoggers) {
            ctx.getLogger(name).setLevel(Level.DEBUG);
        }
        // chatty libraries stay at WARN even in debug mode, unless named with --debug
        for (String noisy : new String[] {"com.zaxxer.hikari", "liquibase", "org.jooq", "io.zonky", "org.zeromq"}) {
            if (!debugLoggers.contains(noisy)) {
                ctx.getLogger(noisy).setLevel(Level.WARN);
            }
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        // 120 characters a line at most: 117 and "..." (the ellipsis is added by the layout below)
        e.setPattern("%replace(" + pattern + "){'^(.{117}).{4,}$', '$1...'}%n%ex");
        e.start();
        return e;
    }

    /** Passes events at the console level or above, and DEBUG events of the named loggers. */
    private static final class LevelAtLeast extends ch.qos.logback.core.filter.Filter<ILoggingEvent> {
        private final Level level;
        private final Collection<String> debugLoggers;

        LevelAtLeast(Level level, Collection<String> debugLoggers) {
            this.level = level;
            this.debugLoggers = debugLoggers;
        }

        @Override
        public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(level)) {
                return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
            }
            for (String name : debugLoggers) {
                if (e.getLoggerName().equals(name) || e.getLoggerName().startsWith(name + ".")) {
                    return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
                }
            }
            return ch.qos.logback.core.spi.FilterReply.DENY;
        }
    }
}
