package org.piwheels.slave;

import java.util.List;

/** Python's {@code repr} of a list of strings, for messages 0.23 formats that way. */
final class PythonRepr {
    private PythonRepr() {
    }

    static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('\'').append(items.get(i).replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
        return sb.append(']').toString();
    }
}
