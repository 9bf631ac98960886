package org.piwheels.tools.loadgen;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Sizes on the command line: {@code 10000}, {@code 10k}, {@code 5M}, {@code 200MB}, {@code 1G} (powers of 1000; {@code Ki}/{@code Mi}/{@code Gi} for 1024). */
final class ByteSize implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|m|g|ki|mi|gi)b?");

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("invalid size: " + value + " (e.g. 10k, 5M, 200MB)");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "k" -> 1000L;
            case "m" -> 1000_000L;
            case "g" -> 1000_000_000L;
            case "ki" -> 1L << 10;
            case "mi" -> 1L << 20;
            case "gi" -> 1L << 30;
            default -> 1L;
        };
        return Math.multiplyExact(n, unit);
    }
}
