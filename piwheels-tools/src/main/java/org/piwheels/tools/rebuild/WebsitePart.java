package org.piwheels.tools.rebuild;

import java.util.Locale;
import picocli.CommandLine;

/** piw-rebuild's {@code part} argument and the REBUILD part it stands for (components spec §14.1). */
enum WebsitePart {
    HOME("HOME"), SEARCH("SEARCH"), PROJECT("PROJECT"), INDEX("BOTH");

    /** The word in the {@code REBUILD} message. */
    final String wire;

    WebsitePart(String wire) {
        this.wire = wire;
    }

    /** @return whether the part is per package (one or all) */
    boolean perPackage() {
        return this == PROJECT || this == INDEX;
    }

    /** Converts {@code home}, {@code search}, {@code project} or {@code index}; anything else is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<WebsitePart> {
        @Override
        public WebsitePart convert(String value) {
            for (WebsitePart p : values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("invalid website part " + value);
        }
    }
}
