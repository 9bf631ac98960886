package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.FileState;

/**
 * {@code file_juggler_fs}: the slave driver and the admin handler (REQ) ask the file
 * receiver (REP) to expect and verify transfers (internal; spec §6.7.6).
 */
public final class FsProtocol {
    private FsProtocol() {
    }

    /** A request. */
    public sealed interface FsRequest extends Message {
    }

    /** The reply. */
    public sealed interface FsReply extends Message {
    }

    /** Expect this file from this slave. @param slaveId the sender (0 for imports) @param file the file */
    public record Expect(long slaveId, FileState file) implements FsRequest {
    }

    /** Verify and commit the file received. @param slaveId the sender @param packageName its package */
    public record Verify(long slaveId, String packageName) implements FsRequest {
    }

    /**
     * Beyond 0.23: drop whatever transfer this slave has pending, in progress or
     * received but unverified, deleting its temporary file (the slave said BYE or
     * went silent). Answered {@link Ok}. @param slaveId the slave
     */
    public record Abandon(long slaveId) implements FsRequest {
    }

    /** Done. @param result always null in practice */
    public record Ok(@Nullable Object result) implements FsReply {
    }

    /** Failed. @param message why */
    public record Error(String message) implements FsReply {
    }

    /** The file receiver's side. */
    public static final Protocol<FsReply, FsRequest> RECEIVER =
            Protocol.of("file_juggler_fs", FsReply.class, FsRequest.class);

    /** A client's side. */
    public static final Protocol<FsRequest, FsReply> CLIENT = RECEIVER.reverse();
}
