package org.piwheels.master.clients;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.FsProtocol.FsReply;
import org.piwheels.protocol.messages.FsProtocol.FsRequest;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.Transport;

/** Requests to the file receiver over {@code file_juggler_fs} ({@code --fs-queue}). */
public final class FsClient implements AutoCloseable {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

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
        return verifyAndPublish(slaveId, pkg).isPresent();
    }

    /**
     * Verifies and commits the file received from the slave.
     *
     * @return empty if it did not verify; otherwise the SHA-256 of the PEP 658 {@code .metadata}
     *         file of each name published (the wheel, its armv6l twin), none for a wheel without METADATA
     */
    public Optional<Map<String, String>> verifyAndPublish(long slaveId, String pkg) {
        FsReply reply = client.request(new FsProtocol.Verify(slaveId, pkg));
        if (!(reply instanceof FsProtocol.Ok ok)) {
            return Optional.empty();
        }
        Map<String, String> hashes = new HashMap<>();
        if (ok.result() instanceof Map<?, ?> map) {
            // a receiver that answers null (as 0.23's does) publishes no hashes
            map.forEach((k, v) -> {
                if (k instanceof String name && v instanceof String hash && SHA256.matcher(hash).matches()) {
                    hashes.put(name, hash);
                }
            });
        }
        return Optional.of(Map.copyOf(hashes));
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
