package org.piwheels.tools.logger;

/**
 * Undoes Apache's escaping of logged strings: {@code \"}, {@code \\}, {@code \n},
 * {@code \t}, {@code \r} and {@code \xhh} (nginx writes {@code \xhh} too). Anything
 * else after a backslash is kept as written.
 */
final class ApacheEscapes {
    private ApacheEscapes() {
    }

    static String unescape(String s) {
        int b = s.indexOf('\\');
        if (b < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, b);
        for (int i = b; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'x':
                    if (isHex(s, i + 1) && isHex(s, i + 2)) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        out.append("\\x");
                    }
                    break;
                default: out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
