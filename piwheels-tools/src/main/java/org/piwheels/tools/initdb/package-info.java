/** The {@code piw-initdb} command. */
package org.piwheels.tools.initdb;
