package org.piwheels.cli;

import java.util.Locale;
import picocli.CommandLine;

/** The value of a switch option: {@code on} or {@code off} (also yes/no, true/false). */
public final class OnOff implements CommandLine.ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> throw new CommandLine.TypeConversionException("must be on or off, not '" + value + "'");
        };
    }
}
