package org.piwheels.tools.logger;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled log format matched in one pass, without a regular expression: literal
 * text must appear as written, an unquoted field is a run of non-white-space, a
 * quoted field runs to the first quote not escaped by a backslash, and {@code %t} is
 * {@code [...]}. It is only built for formats where this gives the same answer as
 * {@link LogFormat}'s expression (an unquoted field must be followed by white space
 * or end the format); that expression never backtracks there.
 */
final class FieldScanner {
    /** How a field is delimited. */
    enum Kind { BARE, QUOTED, TIME }

    /** One piece of the format: literal text, or a field. */
    private record Element(String literal, Kind kind) {
    }

    private final Element[] elements;
    private final int fields;

    private FieldScanner(Element[] elements, int fields) {
        this.elements = elements;
        this.fields = fields;
    }

    /**
     * @return the fields of the line, index 1 for the first (as regular-expression
     *         groups), or null if the line does not match
     */
    String[] scan(String line) {
        String[] out = new String[fields + 1];
        int pos = 0;
        int group = 0;
        int n = line.length();
        for (Element e : elements) {
            if (e.literal != null) {
                if (!line.startsWith(e.literal, pos)) {
                    return null;
                }
                pos += e.literal.length();
                continue;
            }
            int start = pos;
            switch (e.kind) {
                case BARE:
                    while (pos < n && !isSpace(line.charAt(pos))) {
                        pos++;
                    }
                    out[++group] = line.substring(start, pos);
                    break;
                case QUOTED:
                    while (pos < n) {
                        char c = line.charAt(pos);
                        if (c == '"') {
                            break;
                        }
                        if (c == '\\') {
                            if (pos + 1 >= n || line.charAt(pos + 1) == '\u0085') {
                                // a lone backslash at the end, or one before what the expression's "."
                                // does not match (a Latin-1 0x85 is a line terminator to it)
                                break;
                            }
                            pos++;
                        }
                        pos++;
                    }
                    out[++group] = line.substring(start, pos);
                    break;
                default:
                    if (pos >= n || line.charAt(pos) != '[') {
                        return null;
                    }
                    int close = line.indexOf(']', pos + 1);
                    if (close < 0) {
                        return null;
                    }
                    out[++group] = line.substring(pos + 1, close);
                    pos = close + 1;
            }
        }
        return pos == n ? out : null;
    }

    /** White space as the expression's {@code \s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Collects the format's pieces in order. */
    static final class Builder {
        private final List<Element> elements = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private int fields;

        void literal(char c) {
            literal.append(c);
        }

        void field(Kind kind) {
            flush();
            elements.add(new Element(null, kind));
            fields++;
        }

        private void flush() {
            if (literal.length() > 0) {
                elements.add(new Element(literal.toString(), null));
                literal.setLength(0);
            }
        }

        /** @return the scanner, or null if the format needs the regular expression */
        FieldScanner build() {
            flush();
            for (int i = 0; i < elements.size(); i++) {
                Element e = elements.get(i);
                if (e.kind == Kind.BARE && i + 1 < elements.size()) {
                    Element next = elements.get(i + 1);
                    if (next.literal == null || !isSpace(next.literal.charAt(0))) {
                        return null;
                    }
                }
            }
            return new FieldScanner(elements.toArray(new Element[0]), fields);
        }
    }
}
