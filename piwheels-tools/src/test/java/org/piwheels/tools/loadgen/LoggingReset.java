package org.piwheels.tools.loadgen;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.LoggerFactory;

/** The command configures logging for a real run; tests give the next test the default back. */
final class LoggingReset {
    private LoggingReset() {
    }

    static void reset() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        try {
            new ContextInitializer(ctx).autoConfig();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
