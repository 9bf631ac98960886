package org.piwheels.master.build;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.messages.WebProtocol.PageReply;
import org.piwheels.protocol.messages.WebProtocol.PageRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/** Stands in for the page-request queue: answers every request DONE and remembers it. */
final class FakeWebWriter implements AutoCloseable {
    private final BlockingQueue<PageRequest> requests = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    FakeWebWriter(Transport transport, String address) throws InterruptedException {
        CountDownLatch bound = new CountDownLatch(1);
        thread = new Thread(() -> {
            try (MessageSocket<PageReply, PageRequest> rep = transport.socket(SocketType.REP, WebProtocol.WRITER)) {
                rep.bind(address);
                bound.countDown();
                while (running) {
                    PageRequest r = rep.recv(Duration.ofMillis(100));
                    if (r != null) {
                        requests.add(r);
                        rep.send(new WebProtocol.Done());
                    }
                }
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        }, "fake-web");
        thread.setDaemon(true);
        thread.start();
        bound.await(10, TimeUnit.SECONDS);
    }

    /** @return the next request, waiting up to 10 s */
    PageRequest next() throws InterruptedException {
        return requests.poll(10, TimeUnit.SECONDS);
    }

    /** @return the requests received so far, taken */
    List<PageRequest> drain() {
        List<PageRequest> out = new java.util.ArrayList<>();
        requests.drainTo(out);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
