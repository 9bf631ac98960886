package org.piwheels.monitor.live;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what one logger of this JVM says, to wait for a line (e.g. the master obeying a control message). */
final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    LogWatch(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.add(event.getFormattedMessage());
        notifyAll();
    }

    /** Waits until a line equal to {@code line} has been logged. */
    synchronized void await(String line, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!lines.contains(line)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("never logged \"" + line + "\"; logged: " + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
