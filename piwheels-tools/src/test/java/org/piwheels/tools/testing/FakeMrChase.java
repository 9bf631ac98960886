package org.piwheels.tools.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.RouterSocket;
import org.piwheels.protocol.transport.Transport;

/**
 * A scripted master's import queue: a ROUTER on loopback that answers each request
 * as the script says (as MrChase would) and records what it was asked, in order.
 */
public final class FakeMrChase implements AutoCloseable {
    private final Transport transport = new Transport();
    private final RouterSocket<AdminReply, ToolRequest> router = transport.router(AdminProtocol.MASTER);
    private final List<ToolRequest> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final String address;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** @param script the reply to each request */
    public FakeMrChase(Function<ToolRequest, AdminReply> script) {
        address = "tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1");
        thread = new Thread(() -> serve(script), "fake-mr-chase");
        thread.start();
    }

    private void serve(Function<ToolRequest, AdminReply> script) {
        try {
            while (running) {
                Addressed<ToolRequest> r = router.recv(Duration.ofMillis(50));
                if (r != null) {
                    requests.add(r.message());
                    AdminReply reply = script.apply(r.message());
                    if (reply != null) {
                        router.send(r.identity(), reply);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** @return the import queue's address */
    public String address() {
        return address;
    }

    /** @return every request received so far */
    public List<ToolRequest> requests() {
        return requests;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        router.close();
        transport.close();
        if (failure != null) {
            throw new AssertionError("fake master failed", failure);
        }
    }
}
