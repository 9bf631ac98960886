/**
 * Keys to actions: selection, sort order, views, and the action dialogs whose confirmed
 * choices become control messages.
 */
package org.piwheels.monitor.control;
