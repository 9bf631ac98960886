package org.piwheels.protocol.codec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Gives a record a hand-written {@link DataFormat} instead of the default array mapping. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CustomFormat {
    /** @return the format class */
    @SuppressWarnings("rawtypes")
    Class<? extends DataFormat> value();
}
