package org.piwheels.protocol;

/**
 * A piwheels message: a record whose class names the action and whose components
 * are the data. A record without components is a bare message (just the action on
 * the wire); one with a single component sends that component as the data; one with
 * several sends them as an exact-length array. Each protocol groups its messages in
 * sealed interfaces, one per direction.
 */
public interface Message {
}
