package org.piwheels.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small HTML reader for tests: finds elements by tag and reads their attributes and text. */
final class Html {
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z][\\w:.-]*)(?:=\"([^\"]*)\")?");

    /** @param attrs raw (still escaped) attribute values @param text raw inner HTML */
    record Element(Map<String, String> attrs, String text) {
        String attr(String name) {
            String v = attrs.get(name);
            return v == null ? null : unescape(v);
        }

        String plainText() {
            return unescape(text.replaceAll("<[^>]*>", "")).strip();
        }
    }

    private Html() {
    }

    /** @return every {@code <tag …>…</tag>} (not nested in another of the same tag) */
    static List<Element> elements(String html, String tag) {
        Pattern p = Pattern.compile("<" + tag + "(\\s[^>]*)?>(.*?)</" + tag + ">", Pattern.DOTALL);
        List<Element> result = new ArrayList<>();
        Matcher m = p.matcher(html);
        while (m.find()) {
            result.add(new Element(attributes(m.group(1) == null ? "" : m.group(1)), m.group(2)));
        }
        return result;
    }

    /** @return the element with this id */
    static Element byId(String html, String tag, String id) {
        return elements(html, tag).stream().filter(e -> id.equals(e.attr("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no <" + tag + " id=" + id + ">"));
    }

    static Map<String, String> attributes(String raw) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(raw);
        while (m.find()) {
            attrs.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return attrs;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }
}
