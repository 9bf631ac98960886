package org.piwheels.master.task;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.piwheels.master.MasterConfig;
import org.piwheels.protocol.transport.PlainServer;
import org.piwheels.protocol.transport.QueueSocket;
import org.piwheels.protocol.transport.Transport;

/**
 * What every task of one master shares: the configuration, the ZeroMQ transport
 * (inproc queues need one context), the clock and the counters of rejected
 * messages. Tasks still talk to each other only through queues.
 */
public final class TaskContext {
    private final MasterConfig config;
    private final Transport transport;
    private final Clock clock;
    private final Map<String, AtomicLong> rejections = new ConcurrentHashMap<>();
    private final PlainServer admin;

    /**
     * @param config    the master's configuration
     * @param transport the transport all tasks make their sockets on
     * @param clock     the clock (tests may fix it)
     */
    public TaskContext(MasterConfig config, Transport transport, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.admin = config.adminSecret() == null ? null
                : new PlainServer(config.adminSecret(), (queue, why) -> rejected(queue.replace(' ', '_') + "_refused"));
    }

    /** @return the master's configuration */
    public MasterConfig config() {
        return config;
    }

    /** @return the shared transport */
    public Transport transport() {
        return transport;
    }

    /**
     * Makes a socket facing other machines a CURVE server when the master has keys
     * ({@link MasterConfig#curve()}); call before binding it.
     */
    public <T extends QueueSocket> T curve(T socket) {
        if (config.curve() != null) {
            config.curve().secure(transport, socket);
        }
        return socket;
    }

    /**
     * Makes one of the local admin queues (control, status, import, log) ask for the
     * admin credentials when the master has them ({@link MasterConfig#adminSecret()});
     * call before binding it. A refused connection is logged and counted as a rejection
     * named after the queue, e.g. {@code control_queue_refused}.
     *
     * @param queue the queue's name, e.g. {@code control queue}
     */
    public <T extends QueueSocket> T admin(T socket, String queue) {
        if (admin != null) {
            admin.secure(transport, socket, queue);
        }
        return socket;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** Counts one rejected message on a queue. */
    public void rejected(String queue) {
        rejections.computeIfAbsent(queue, q -> new AtomicLong()).incrementAndGet();
    }

    /** @return rejected messages so far, per queue */
    public Map<String, Long> rejections() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        rejections.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
