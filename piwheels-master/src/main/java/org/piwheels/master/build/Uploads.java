package org.piwheels.master.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Done;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/**
 * The upload side of the file receiver without its sockets: transfers expected per
 * slave id ({@code pending}), in progress per uploader identity ({@code active}) and
 * received but not yet verified per slave id ({@code complete}). Each input returns
 * the frames to send back to that uploader.
 *
 * <p>Beyond 0.23: every importer uses slave id 0, and a second import's EXPECT would
 * silently take over the first one's transfer, so an EXPECT for id 0 is refused
 * while another import transfer has shown activity within {@link #IMPORT_IDLE}.
 */
final class Uploads {
    /** The importer's slave id. */
    static final long IMPORT_ID = 0;
    /** How long an import transfer may be silent before a new import may replace it (uploaders re-HELLO every 5 s). */
    static final Duration IMPORT_IDLE = Duration.ofSeconds(60);

    private final Path tempDir;
    private final Logger log;
    private final Runnable rejected;
    private final Map<Long, IncomingFile> pending = new HashMap<>();
    private final Map<String, IncomingFile> active = new HashMap<>();
    private final Map<Long, IncomingFile> complete = new HashMap<>();
    /**
     * Connections that have started a transfer (the most recent thousands): a CHUNK from one
     * of them without a transfer is a late answer to an earlier one, from anyone else a stray.
     */
    private final Map<String, Boolean> uploaders = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    /**
     * @param tempDir  where temporary files go ({@code <output>/simple})
     * @param log      the task's logger
     * @param rejected counts a well-formed message refused for its content (a HELLO nobody expects)
     */
    Uploads(Path tempDir, Logger log, Runnable rejected) {
        this.tempDir = tempDir;
        this.log = log;
        this.rejected = rejected;
    }

    /**
     * Prepares for a transfer from a slave, replacing whatever that slave id had.
     *
     * @throws IllegalStateException if another import is still in progress
     */
    void expect(long slaveId, FileState file, Instant now) throws IOException {
        if (slaveId == IMPORT_ID) {
            IncomingFile busy = find(IMPORT_ID);
            if (busy != null && Duration.between(busy.lastActivity(), now).compareTo(IMPORT_IDLE) < 0) {
                throw new IllegalStateException("another import is in progress (" + busy.file().filename()
                        + "); try again later");
            }
        }
        discard(slaveId);
        IncomingFile incoming = IncomingFile.create(slaveId, file, tempDir, now);
        pending.put(slaveId, incoming);
        log.info("expecting transfer: {}", file.filename());
    }

    /** @return the transfer of this slave id in any state, or null */
    private IncomingFile find(long slaveId) {
        if (pending.containsKey(slaveId)) {
            return pending.get(slaveId);
        }
        for (IncomingFile f : active.values()) {
            if (f.slaveId() == slaveId) {
                return f;
            }
        }
        return complete.get(slaveId);
    }

    /** The slave is gone: drops its transfers, as nothing can complete or verify them any more. */
    void abandon(long slaveId) {
        IncomingFile f = find(slaveId);
        if (f != null) {
            log.info("abandoning transfer: {}", f.file().filename());
            discard(slaveId);
        }
    }

    /** Drops (and deletes the temporary files of) every transfer of this slave id. */
    private void discard(long slaveId) {
        IncomingFile p = pending.remove(slaveId);
        if (p != null) {
            p.discard();
        }
        IncomingFile c = complete.remove(slaveId);
        if (c != null) {
            c.discard();
        }
        for (Iterator<IncomingFile> it = active.values().iterator(); it.hasNext(); ) {
            IncomingFile f = it.next();
            if (f.slaveId() == slaveId) {
                f.discard();
                it.remove();
            }
        }
    }

    /** Handles a well-formed message from an uploader; returns what to send it. */
    List<ReceiverMessage> received(byte[] identity, SenderMessage message, Instant now) {
        String peer = HexFormat.of().formatHex(identity);
        IncomingFile transfer = active.get(peer);
        if (transfer == null) {
            return first(peer, message, now);
        }
        transfer.touch(now);
        if (message instanceof Chunk chunk) {
            try {
                transfer.write(chunk.offset(), chunk.data());
                if (!transfer.transfer().answers(chunk.offset(), chunk.data().length)) {
                    log.warn("slave {}: CHUNK [{}, {}) of {} answers no FETCH (larger, smaller or elsewhere than asked)",
                            transfer.slaveId(), chunk.offset(), chunk.offset() + chunk.data().length,
                            transfer.file().filename());
                }
            } catch (IllegalArgumentException e) {
                log.error("transfer error from slave {}: {}: {}", transfer.slaveId(), transfer.file().filename(),
                        e.getMessage());
                transfer.transfer().resetCredit();
                return transfer.transfer().fetches();
            } catch (IOException e) {
                log.error("cannot write {}, transfer abandoned: {}", transfer.temp(), e.toString());
                active.remove(peer);
                transfer.discard();
                // DONE ends the uploader's loop (it would otherwise re-HELLO unheard for good); its SENT
                // then fails verification, as nothing complete was received
                return List.of(new Done());
            }
            if (transfer.transfer().complete()) {
                return finished(peer, transfer);
            }
            return transfer.transfer().fetches();
        }
        // a repeated HELLO: the uploader heard nothing for a while, so start the credit afresh
        transfer.transfer().resetCredit();
        return transfer.transfer().fetches();
    }

    /** @return how log lines name the sender on this connection: its slave id and file, or the connection */
    String who(byte[] identity) {
        String peer = identity == null ? "?" : HexFormat.of().formatHex(identity);
        IncomingFile transfer = active.get(peer);
        return transfer != null ? "slave " + transfer.slaveId() + " (upload of " + transfer.file().filename() + ")"
                : "file queue connection " + peer;
    }

    /** Handles frames that could not be parsed: an active transfer resyncs, anyone else is ignored. */
    List<ReceiverMessage> invalid(byte[] identity, Instant now) {
        IncomingFile transfer = identity == null ? null : active.get(HexFormat.of().formatHex(identity));
        if (transfer == null) {
            return List.of();
        }
        transfer.touch(now);
        transfer.transfer().resetCredit();
        return transfer.transfer().fetches();
    }

    private List<ReceiverMessage> first(String peer, SenderMessage message, Instant now) {
        if (message instanceof Chunk) {
            if (uploaders.containsKey(peer)) {
                log.debug("ignoring chunk from {} without a transfer (left over from an earlier one)", peer);
            } else {
                log.warn("file queue connection {}: CHUNK for a file never announced (it never said HELLO); ignored",
                        peer);
            }
            return List.of();
        }
        long slaveId = ((Hello) message).slaveId();
        IncomingFile transfer = pending.remove(slaveId);
        if (transfer == null) {
            log.error("unexpected transfer from slave {} (file queue connection {}): no file is expected from it",
                    slaveId, peer);
            rejected.run();
            return List.of();
        }
        transfer.touch(now);
        active.put(peer, transfer);
        uploaders.put(peer, Boolean.TRUE);
        if (transfer.transfer().complete()) {
            return finished(peer, transfer); // an empty file
        }
        return transfer.transfer().fetches();
    }

    private List<ReceiverMessage> finished(String peer, IncomingFile transfer) {
        active.remove(peer);
        IncomingFile earlier = complete.put(transfer.slaveId(), transfer);
        if (earlier != null) {
            earlier.discard();
        }
        log.info("transfer complete: {}", transfer.file().filename());
        return List.of(new Done());
    }

    /** @return the received, unverified transfer of this slave id (now the caller's), or null */
    IncomingFile takeComplete(long slaveId) {
        return complete.remove(slaveId);
    }

    /** @return how many transfers are pending, active and complete (for tests and logs) */
    List<Integer> counts() {
        return List.of(pending.size(), active.size(), complete.size());
    }

    /** Deletes every temporary file (on shutdown). */
    void discardAll() {
        List<IncomingFile> all = new ArrayList<>(pending.values());
        all.addAll(active.values());
        all.addAll(complete.values());
        pending.clear();
        active.clear();
        complete.clear();
        all.forEach(IncomingFile::discard);
    }
}
