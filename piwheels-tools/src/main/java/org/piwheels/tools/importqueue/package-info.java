/**
 * What {@code piw-import}, {@code piw-add}, {@code piw-remove} and {@code piw-rebuild}
 * share: the REQ connection to the master's import queue, the failure that exits 1,
 * and the exit-status list of their {@code --help}.
 */
package org.piwheels.tools.importqueue;
