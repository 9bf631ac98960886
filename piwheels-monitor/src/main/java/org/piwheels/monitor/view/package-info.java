/**
 * Drawing with Lanterna's {@code Screen} and {@code TextGraphics}: the slave table, the
 * statistics boxes with sparklines, the detail view, dialogs, the help overlay and the
 * status bar. Each frame is drawn from scratch from the model and the controller.
 */
package org.piwheels.monitor.view;
