package org.piwheels.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * XML-RPC as PyPI speaks it: parses a {@code methodCall}, writes a
 * {@code methodResponse} or a fault. Values map to Java as int/i4 → Long,
 * string → String, boolean → Boolean, double → Double, nil → null, array → List,
 * struct → Map.
 */
public final class XmlRpc {
    private XmlRpc() {
    }

    /**
     * A parsed call.
     *
     * @param method the method name
     * @param params the parameters
     */
    public record Call(String method, List<Object> params) {
    }

    /** Thrown for a request that is not a well-formed XML-RPC call. */
    public static final class MalformedCall extends Exception {
        MalformedCall(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Parses a {@code methodCall} document. */
    public static Call parseCall(byte[] body) throws MalformedCall {
        try {
            Element root = parse(body).getDocumentElement();
            if (!root.getTagName().equals("methodCall")) {
                throw new MalformedCall("not a methodCall: " + root.getTagName(), null);
            }
            Element name = child(root, "methodName");
            if (name == null) {
                throw new MalformedCall("no methodName", null);
            }
            List<Object> params = new ArrayList<>();
            Element ps = child(root, "params");
            if (ps != null) {
                for (Element p : children(ps, "param")) {
                    params.add(value(child(p, "value")));
                }
            }
            return new Call(name.getTextContent().strip(), params);
        } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
            throw new MalformedCall("malformed XML-RPC call: " + e.getMessage(), e);
        }
    }

    /** Parses a {@code methodResponse}; a fault is returned as a {@code Map} with faultCode/faultString under key "fault". */
    public static Object parseResponse(byte[] body) throws MalformedCall {
        try {
            Element root = parse(body).getDocumentElement();
            Element fault = child(root, "fault");
            if (fault != null) {
                return Map.of("fault", value(child(fault, "value")));
            }
            return value(child(child(child(root, "params"), "param"), "value"));
        } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
            throw new MalformedCall("malformed XML-RPC response: " + e.getMessage(), e);
        }
    }

    /** A {@code methodResponse} carrying one value. */
    public static String response(Object value) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
        write(sb, value);
        return sb.append("\n</param>\n</params>\n</methodResponse>\n").toString();
    }

    /** A {@code methodResponse} carrying a fault. */
    public static String fault(int code, String message) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("faultCode", (long) code);
        f.put("faultString", message);
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n");
        write(sb, f);
        return sb.append("\n</fault>\n</methodResponse>\n").toString();
    }

    /** A {@code methodCall} (for clients in tests). */
    public static String call(String method, Object... params) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
                .append(escape(method)).append("</methodName>\n<params>\n");
        for (Object p : params) {
            sb.append("<param>\n");
            write(sb, p);
            sb.append("\n</param>\n");
        }
        return sb.append("</params>\n</methodCall>\n").toString();
    }

    private static void write(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v == null) {
            sb.append("<nil/>");
        } else if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            // XML-RPC ints are 32-bit; Python's client reads bigger values from <int> too
            sb.append("<int>").append(n).append("</int>");
        } else if (v instanceof Boolean) {
            sb.append("<boolean>").append((Boolean) v ? 1 : 0).append("</boolean>");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append("<double>").append(((Number) v).doubleValue()).append("</double>");
        } else if (v instanceof String) {
            sb.append("<string>").append(escape((String) v)).append("</string>");
        } else if (v instanceof List) {
            sb.append("<array><data>\n");
            for (Object o : (List<?>) v) {
                write(sb, o);
                sb.append('\n');
            }
            sb.append("</data></array>");
        } else if (v instanceof Map) {
            sb.append("<struct>\n");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append("<member>\n<name>").append(escape(e.getKey().toString())).append("</name>\n");
                write(sb, e.getValue());
                sb.append("\n</member>\n");
            }
            sb.append("</struct>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + v.getClass());
        }
        sb.append("</value>");
    }

    private static Object value(Element value) {
        if (value == null) {
            throw new IllegalArgumentException("missing value");
        }
        Element typed = null;
        for (Node n = value.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                typed = (Element) n;
                break;
            }
        }
        if (typed == null) {
            return value.getTextContent(); // a bare value is a string
        }
        String text = typed.getTextContent();
        switch (typed.getTagName()) {
            case "int": case "i4": case "i8":
                return Long.parseLong(text.strip());
            case "string":
                return text;
            case "boolean":
                return text.strip().equals("1");
            case "double":
                return Double.parseDouble(text.strip());
            case "nil":
                return null;
            case "array":
                List<Object> items = new ArrayList<>();
                for (Element v : children(child(typed, "data"), "value")) {
                    items.add(value(v));
                }
                return items;
            case "struct":
                Map<String, Object> members = new LinkedHashMap<>();
                for (Element m : children(typed, "member")) {
                    members.put(child(m, "name").getTextContent(), value(child(m, "value")));
                }
                return members;
            default:
                throw new IllegalArgumentException("unsupported XML-RPC type " + typed.getTagName());
        }
    }

    private static Document parse(byte[] body) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // no external entities, no DTDs: a test server still should not be an XXE target
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(body));
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
