/**
 * The monitor's connection to the master: the status SUB and control PUSH sockets with
 * the attach sequence, and the watch that notices a silent master and asks for a fresh
 * picture.
 */
package org.piwheels.monitor.link;
