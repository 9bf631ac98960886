package org.piwheels.tools.importer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.FileTransferRouter;
import org.piwheels.protocol.transport.Transport;

/**
 * The master's file queue, reduced to what an uploader sees (protocol §7.2): after
 * {@code HELLO 0} for an expected file it FETCHes every 64 KiB chunk, then says
 * DONE once every byte arrived. It keeps each completed transfer.
 */
final class FakeFileJuggler implements AutoCloseable {
    /** A completed transfer. @param filename the file @param content what arrived */
    record Received(String filename, byte[] content) {
    }

    private final Transport transport = new Transport();
    private final FileTransferRouter router = transport.fileRouter();
    private final AtomicReference<FileState> expected = new AtomicReference<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Long> hellos = new CopyOnWriteArrayList<>();
    private final String address;
    private final Thread thread;
    private final boolean ignoreFirstHello;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** @param ignoreFirstHello whether to say nothing to the first HELLO (the uploader must repeat it) */
    FakeFileJuggler(boolean ignoreFirstHello) {
        this.ignoreFirstHello = ignoreFirstHello;
        address = "tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1");
        thread = new Thread(this::serve, "fake-file-juggler");
        thread.start();
    }

    private void serve() {
        byte[] content = null;
        Set<Long> missing = new HashSet<>();
        FileState file = null;
        try {
            while (running) {
                Addressed<SenderMessage> m = router.recv(Duration.ofMillis(50));
                if (m == null) {
                    continue;
                }
                if (m.message() instanceof Hello) {
                    hellos.add(((Hello) m.message()).slaveId());
                    if (ignoreFirstHello && hellos.size() == 1) {
                        continue;
                    }
                    file = expected.get();
                    content = new byte[(int) file.filesize()];
                    missing.clear();
                    for (long off = 0; off < file.filesize(); off += FileTransferProtocol.CHUNK_SIZE) {
                        missing.add(off);
                        router.send(m.identity(), new Fetch(off,
                                Math.min(FileTransferProtocol.CHUNK_SIZE, file.filesize() - off)));
                    }
                } else if (content != null) {
                    Chunk c = (Chunk) m.message();
                    System.arraycopy(c.data(), 0, content, (int) c.offset(), c.data().length);
                    missing.remove(c.offset());
                    if (missing.isEmpty()) {
                        router.send(m.identity(), new FileTransferProtocol.Done());
                        received.add(new Received(file.filename(), content));
                        content = null;
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** As MrChase's EXPECT before it replies SEND. */
    void expect(FileState file) {
        expected.set(file);
    }

    String address() {
        return address;
    }

    List<Received> received() {
        return received;
    }

    List<Long> hellos() {
        return hellos;
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
            throw new AssertionError("fake file juggler failed", failure);
        }
    }
}
