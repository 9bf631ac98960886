package org.piwheels.protocol.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts and replaces the nodes of a generic CBOR value (pre-order, map values only). */
public final class GenericTrees {
    private GenericTrees() {
    }

    /** @return how many nodes {@code tree} has, itself included */
    public static int size(Object tree) {
        int n = 1;
        for (Object child : children(tree)) {
            n += size(child);
        }
        return n;
    }

    /** @return a copy of {@code tree} with its {@code index}-th node (pre-order) replaced by {@code replacement} */
    public static Object replace(Object tree, int index, Object replacement) {
        return replace(tree, new int[] {index}, replacement);
    }

    private static Object replace(Object node, int[] remaining, Object replacement) {
        if (remaining[0]-- == 0) {
            return replacement;
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(e.getKey(), replace(e.getValue(), remaining, replacement));
            }
            return copy;
        } else if (node instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            for (Object item : set) {
                copy.add(replace(item, remaining, replacement));
            }
            return copy;
        } else if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list) {
                copy.add(replace(item, remaining, replacement));
            }
            return copy;
        }
        return node;
    }

    private static Iterable<?> children(Object node) {
        if (node instanceof Map<?, ?> map) {
            return map.values();
        } else if (node instanceof Set<?> || node instanceof List<?>) {
            return (Iterable<?>) node;
        }
        return List.of();
    }
}
