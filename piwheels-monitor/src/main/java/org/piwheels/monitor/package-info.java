/**
 * {@code piw-monitor} (components spec §8): the command ({@link org.piwheels.monitor.PiwMonitor})
 * and its single-threaded event loop ({@link org.piwheels.monitor.MonitorApp}), which ties
 * together the model ({@code model}), the connection to the master ({@code link}), the
 * key handling ({@code control}) and the drawing ({@code view}).
 */
package org.piwheels.monitor;
