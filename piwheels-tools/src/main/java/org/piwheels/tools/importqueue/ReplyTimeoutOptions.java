package org.piwheels.tools.importqueue;

import java.time.Duration;
import org.piwheels.cli.DurationValue;
import picocli.CommandLine.Option;

/**
 * {@code --reply-timeout}, shared by the tools that wait for the master's replies on
 * its import queue. JeroMQ tells a client nothing when the master refuses its
 * credentials or keys, so such a tool, like one whose master is not running, would
 * otherwise wait for ever.
 */
public final class ReplyTimeoutOptions {
    /** The default: long enough for a loaded master queuing pages for every package. */
    public static final String DEFAULT = "1m";

    /** How long the master may stay silent; zero waits for ever, as 0.23. */
    @Option(names = "--reply-timeout", paramLabel = "DURATION", defaultValue = DEFAULT, converter = DurationValue.class,
            description = "Give up (status 1) when the master sends nothing for this long; 0s waits for ever, "
                    + "as 0.23 (default: ${DEFAULT-VALUE})")
    public Duration replyTimeout = Duration.ofSeconds(60);
}
