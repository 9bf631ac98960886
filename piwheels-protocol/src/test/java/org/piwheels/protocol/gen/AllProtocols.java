package org.piwheels.protocol.gen;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;

/**
 * Every {@link Protocol} defined in {@code org.piwheels.protocol.messages}, found by
 * listing the package's classes and their static {@code Protocol} fields, together
 * with each one's {@link Protocol#reverse() reverse}, so that both sides of every
 * queue are covered even where only one side is declared.
 */
public final class AllProtocols {
    private static final String PACKAGE = "org.piwheels.protocol.messages";
    private static final List<Protocol<?, ?>> ALL = Collections.unmodifiableList(find());

    private AllProtocols() {
    }

    /** @return every protocol side, each once */
    public static List<Protocol<?, ?>> all() {
        return ALL;
    }

    /** @return the sides that can send something */
    public static List<Protocol<?, ?>> senders() {
        return ALL.stream().filter(p -> p.sendType() != NoMessage.class).toList();
    }

    /** @return the sides that can receive something */
    public static List<Protocol<?, ?>> receivers() {
        return ALL.stream().filter(p -> p.receiveType() != NoMessage.class).toList();
    }

    private static List<Protocol<?, ?>> find() {
        Set<Protocol<?, ?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Protocol<?, ?>> found = new ArrayList<>();
        for (Class<?> holder : holders()) {
            for (Field f : holder.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Protocol.class) {
                    try {
                        Protocol<?, ?> p = (Protocol<?, ?>) f.get(null);
                        for (Protocol<?, ?> side : List.of(p, p.reverse())) {
                            if (seen.add(side)) {
                                found.add(side);
                            }
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + f, e);
                    }
                }
            }
        }
        if (found.size() < 26) {
            throw new IllegalStateException("found only " + found.size() + " protocol sides in " + PACKAGE);
        }
        return found;
    }

    /** The top-level classes of the messages package, from the class path directory that holds it. */
    private static List<Class<?>> holders() {
        URL url = AllProtocols.class.getClassLoader().getResource(PACKAGE.replace('.', '/'));
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("the messages package must be a class path directory, not " + url);
        }
        try {
            String[] names = new File(url.toURI()).list((dir, name) -> name.endsWith(".class") && !name.contains("$"));
            if (names == null) {
                throw new IOException("cannot list " + url);
            }
            Arrays.sort(names);
            List<Class<?>> classes = new ArrayList<>();
            for (String name : names) {
                String simple = name.substring(0, name.length() - ".class".length());
                if (!"package-info".equals(simple)) {
                    classes.add(Class.forName(PACKAGE + "." + simple));
                }
            }
            return classes;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the classes of " + PACKAGE, e);
        }
    }
}
