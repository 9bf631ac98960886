package org.piwheels.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd about the service's state (components spec §2.8) when it runs
 * under a {@code Type=notify} unit. Java 17 cannot send the datagram on a Unix
 * socket itself, so this hands each message to {@code systemd-notify}; the unit
 * therefore needs {@code NotifyAccess=all}. Without {@code NOTIFY_SOCKET}, or
 * without {@code systemd-notify}, it does nothing.
 */
public final class SystemdNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final String socket;
    private final boolean enabled;
    private final long pid = ProcessHandle.current().pid();

    /** Reads {@code NOTIFY_SOCKET} from the environment. */
    public SystemdNotifier() {
        this(System.getenv("NOTIFY_SOCKET"));
    }

    /** @param socket the notification socket address, or null */
    public SystemdNotifier(String socket) {
        this.socket = socket;
        this.enabled = socket != null && socket.length() >= 2 && (socket.startsWith("/") || socket.startsWith("@"));
    }

    /** @return whether notifications are sent */
    public boolean enabled() {
        return enabled;
    }

    /** {@code READY=1}. */
    public void ready() {
        send("READY=1");
    }

    /** {@code STOPPING=1}. */
    public void stopping() {
        send("STOPPING=1");
    }

    /** {@code WATCHDOG=1}. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** {@code EXTEND_TIMEOUT_USEC=...}. */
    public void extendTimeout(long micros) {
        send("EXTEND_TIMEOUT_USEC=" + micros);
    }

    /** Sends one state assignment such as {@code READY=1}. */
    public void send(String state) {
        if (!enabled) {
            return;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("systemd-notify", "--pid=" + pid, state)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("NOTIFY_SOCKET", socket); // the address this notifier was given, not only the JVM's
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.debug("cannot notify systemd: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
