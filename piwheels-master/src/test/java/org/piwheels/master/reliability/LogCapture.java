package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The master's warnings and errors while a test runs ({@code LEVEL logger: message}), for
 * issue #12's "the event logged". The master's tasks log from their own threads, so
 * {@link #awaitLine} polls.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final Level level;

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        if (level != null && level.isGreaterOrEqual(Level.ERROR)) {
            root.setLevel(Level.WARN); // a command's log setup earlier in this JVM may have raised it
        }
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    /** @return every warning and error so far */
    List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        }
    }

    /** @return the warnings and errors matching {@code regex} (found anywhere in the line) */
    List<String> matching(String regex) {
        Pattern p = Pattern.compile(regex);
        return lines().stream().filter(l -> p.matcher(l).find()).toList();
    }

    /** Waits up to 30 s for a warning or error matching {@code regex}; fails naming what was logged. @return it */
    String awaitLine(String regex) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> found = matching(regex);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() - deadline > 0) {
                assertThat(lines()).as("a warning or error matching /%s/", regex).anyMatch(l -> Pattern.compile(regex)
                        .matcher(l).find());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(level);
    }
}
