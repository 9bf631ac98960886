/**
 * What the monitor knows, built from the master's status messages: the master, its
 * slaves by id with their hello, statistics history, builds and health. No screen, no
 * sockets; every time judgement takes the current time as an argument.
 */
package org.piwheels.monitor.model;
