/**
 * {@code piw-loadgen}: simulated build slaves speaking the real wire protocol to a
 * master, for sizing a master and measuring it at farm scale.
 */
package org.piwheels.tools.loadgen;
