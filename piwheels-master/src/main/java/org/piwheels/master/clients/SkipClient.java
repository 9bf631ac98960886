package org.piwheels.master.clients;

import java.time.Duration;
import org.piwheels.master.MasterConfig;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.SkipProtocol.SkipReply;
import org.piwheels.protocol.messages.SkipProtocol.SkipRequest;
import org.piwheels.protocol.transport.Transport;

/** Deletion notices to the slave driver over {@code cloud_gazer} ({@code inproc://skip}). */
public final class SkipClient implements AutoCloseable {
    private final RequestClient<SkipRequest, SkipReply> client;

    public SkipClient(Transport transport) {
        this.client = new RequestClient<>(transport, SkipProtocol.CLIENT, MasterConfig.SKIP, Duration.ofMinutes(1));
    }

    /** Drops a version from the build queues and skips slaves building it. */
    public void deleteVersion(String pkg, String version) {
        client.request(new SkipProtocol.DelVer(pkg, version));
    }

    /** Drops every version of a package likewise. */
    public void deletePackage(String pkg) {
        client.request(new SkipProtocol.DelPkg(pkg));
    }

    @Override
    public void close() {
        client.close();
    }
}
