package org.piwheels.slave;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Collects log lines ({@code logger: message}) while a test runs. */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final ch.qos.logback.classic.Level level;

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO); // piw-slave's own log setup may have raised it
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                    .collect(Collectors.toList());
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(level);
    }
}
