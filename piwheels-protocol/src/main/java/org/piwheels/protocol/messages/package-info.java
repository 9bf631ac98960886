/**
 * Every piwheels protocol as typed messages (protocol spec §6): one holder class a
 * protocol, a sealed interface a direction, a record an action, and ready-made
 * {@link org.piwheels.protocol.Protocol} constants for each side.
 *
 * <p>External protocols (wire-compatible with piwheels 0.23): {@link SlaveDriverProtocol},
 * {@link FileTransferProtocol}, {@link AdminProtocol}, {@link AccessLogProtocol},
 * {@link MasterControlProtocol}, {@link MonitorStatusProtocol}. The others are the
 * master's internal queues.
 */
package org.piwheels.protocol.messages;
