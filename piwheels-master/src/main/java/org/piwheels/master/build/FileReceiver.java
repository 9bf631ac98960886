package org.piwheels.master.build;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.FsProtocol.FsReply;
import org.piwheels.protocol.messages.FsProtocol.FsRequest;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.FileTransferRouter;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/**
 * Receives wheels from build slaves and importers (0.23's FileJuggler, components
 * spec §5.7): the upload protocol on {@code --file-queue} and the EXPECT / VERIFY
 * requests of the slave driver and the admin handler on {@code --fs-queue}. A file
 * becomes visible in the index only once its size and SHA-256 match, by an atomic
 * rename; every malformed frame is a logged, counted rejection.
 */
public final class FileReceiver extends Task {
    /** The 0.23 task name (logger and control queue). */
    public static final String NAME = "master.file_juggler";
    /** The upload protocol's name, under which its rejected messages are counted. */
    static final String UPLOAD_PROTOCOL = "file_juggler_files";
    /** The start of the EXPECT refusal for a file the output disk cannot hold. */
    static final String NO_SPACE = "not enough space for ";

    private final Path output;
    private final Path simple;
    private final FileTransferRouter files;
    private final MessageSocket<FsReply, FsRequest> fs;
    private final PushClient<StatsProtocol.StatsUpdate> stats;
    private final Uploads uploads;
    private final WheelPublisher publisher;
    private final OutputDisk disk;

    /** @param context the master's shared context */
    public FileReceiver(TaskContext context) {
        super(NAME, TaskKind.NON_STOP, context);
        output = context.config().outputPath();
        simple = output.resolve("simple");
        files = onReadable(context.transport().fileRouter(), this::onUpload);
        files.hwm(500);
        context.curve(files).bind(context.config().fileQueue());
        fs = onReadable(context.transport().socket(SocketType.REP, FsProtocol.RECEIVER), this::onRequest);
        fs.hwm(10);
        fs.bind(context.config().fsQueue());
        stats = new PushClient<>(context.transport(), StatsProtocol.REPORTER, context.config().statsQueue());
        uploads = new Uploads(simple, log, () -> context.rejected(UPLOAD_PROTOCOL));
        publisher = new WheelPublisher(simple);
        disk = new OutputDisk(output);
    }

    @Override
    protected void once() throws Exception {
        removeLeftovers();
        sendDiskStats();
    }

    @Override
    protected void closing() {
        uploads.discardAll();
        stats.close();
    }

    /** A crash of an earlier run may have left temporary uploads behind; they can never complete. */
    private void removeLeftovers() {
        if (!Files.isDirectory(simple)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(simple,
                IncomingFile.TEMP_PREFIX + "*" + IncomingFile.TEMP_SUFFIX)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
                log.info("removed an unfinished upload of an earlier run: {}", p.getFileName());
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", simple, e.toString());
        }
    }

    private void sendDiskStats() {
        try {
            long[] sizeAndFree = disk.sizeAndFree();
            if (sizeAndFree == null) {
                log.warn("cannot find the file system of {}", output);
                return;
            }
            stats.send(new StatsProtocol.StatFs(sizeAndFree[0], sizeAndFree[1]));
        } catch (IOException e) {
            log.warn("cannot read the disk space of {}: {}", output, e.toString());
        }
    }

    /**
     * Handles one upload message; the task's loop calls this again while more are
     * already queued (up to {@code Task.BATCH}), without a poll between them, and polls
     * between batches, which keeps the fs queue (VERIFY) served.
     */
    private void onUpload() {
        List<ReceiverMessage> replies;
        byte[] peer;
        try {
            Addressed<SenderMessage> m = files.recv();
            peer = m.identity();
            replies = uploads.received(peer, m.message(), context.clock().instant());
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            peer = files.lastIdentity();
            log.error("transfer error from {}: {}", uploads.who(peer), e.getMessage());
            replies = uploads.invalid(peer, context.clock().instant());
        }
        for (ReceiverMessage r : replies) {
            if (!files.send(peer, r)) {
                log.debug("cannot send {} to an uploader that went away", r);
                break;
            }
        }
    }

    private void onRequest() throws ProtocolException {
        FsRequest request;
        try {
            request = fs.recv();
        } catch (ProtocolException e) {
            // a REP socket must answer every request or it jams
            context.rejected(e.protocol());
            log.error("invalid request: {}", e.getMessage());
            fs.send(new FsProtocol.Error(e.getMessage()));
            return;
        }
        FsReply reply;
        try {
            if (request instanceof FsProtocol.Expect expect) {
                reply = expect(expect);
            } else if (request instanceof FsProtocol.Verify verify) {
                reply = verify(verify);
            } else {
                uploads.abandon(((FsProtocol.Abandon) request).slaveId());
                reply = new FsProtocol.Ok(null);
            }
        } catch (IOException | RuntimeException e) {
            log.error("{} failed: {}", request, e.toString());
            reply = new FsProtocol.Error(String.valueOf(e.getMessage()));
        }
        fs.send(reply);
    }

    private FsReply expect(FsProtocol.Expect expect) throws IOException {
        String filename = expect.file().filename();
        if (!WheelPublisher.safeName(filename) || !filename.endsWith(".whl") || expect.file().filesize() < 0) {
            return new FsProtocol.Error("refusing file name " + filename);
        }
        long free = disk.free();
        if (free >= 0 && expect.file().filesize() > free) {
            // the temporary file is sized up front: refuse what cannot fit rather than fill the disk
            return new FsProtocol.Error(NO_SPACE + filename + " (" + expect.file().filesize() + " bytes)");
        }
        uploads.expect(expect.slaveId(), expect.file(), context.clock().instant());
        return new FsProtocol.Ok(null);
    }

    private FsReply verify(FsProtocol.Verify verify) throws IOException {
        IncomingFile incoming = uploads.takeComplete(verify.slaveId());
        if (incoming == null) {
            return new FsProtocol.Error("no complete transfer from slave " + verify.slaveId());
        }
        String filename = incoming.file().filename();
        WheelPublisher.Published published;
        try {
            String problem = incoming.verify();
            if (problem != null) {
                log.warn("verification failed: {}: {}", filename, problem);
                return new FsProtocol.Error("verification failed: " + problem);
            }
            published = publisher.publish(incoming.temp(), verify.packageName(), filename);
        } finally {
            incoming.discard(); // the temporary file is gone after a publish; after a failure it must go
        }
        log.info("verified: {}", filename);
        sendDiskStats();
        // beyond 0.23 (0.23 answers null): the PEP 658 hashes of what was published, for the database
        return new FsProtocol.Ok(published.coreMetadata());
    }
}
