package org.piwheels.master.clients;

import java.time.Duration;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.FsProtocol.FsReply;
import org.piwheels.protocol.messages.FsProtocol.FsRequest;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.Transport;

/** Requests to the file receiver over {@code file_juggler_fs} ({@code --fs-queue}). */
public final class FsClient implements AutoCloseable {
    private final RequestClient<FsRequest, FsReply> client;

    /** @param address the fs queue */
    public FsClient(Transport transport, String address) {
        this.client = new RequestClient<>(transport, FsProtocol.CLIENT, address, Duration.ofMinutes(5));
    }

    /** Tells the receiver to expect this file from this slave (0 for imports). */
    public void expect(long slaveId, FileState file) {
        FsReply reply = client.request(new FsProtocol.Expect(slaveId, file));
        if (reply instanceof FsProtocol.Error) {
            throw new RpcException(((FsProtocol.Error) reply).message());
        }
    }

    /** @return whether the file received from the slave verified and was committed */
    public boolean verify(long slaveId, String pkg) {
        return client.request(new FsProtocol.Verify(slaveId, pkg)) instanceof FsProtocol.Ok;
    }

    /** Drops the slave's transfers, if it has any, and their temporary files. */
    public void abandon(long slaveId) {
        FsReply reply = client.request(new FsProtocol.Abandon(slaveId));
        if (reply instanceof FsProtocol.Error) {
            throw new RpcException(((FsProtocol.Error) reply).message());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
