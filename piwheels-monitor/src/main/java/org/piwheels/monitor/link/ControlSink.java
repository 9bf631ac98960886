package org.piwheels.monitor.link;

import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;

/** Where the controller's control messages go: the master's control queue. */
public interface ControlSink {
    /**
     * Sends one message without blocking the UI.
     *
     * @return whether it was queued
     */
    boolean send(ControlRequest request);
}
