package org.piwheels.protocol;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action name of a message record, where it is not simply the record's class
 * name in upper case.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Action {
    /** @return the action as it travels, e.g. {@code LOGDOWNLOAD} */
    String value();
}
