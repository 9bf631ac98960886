package org.piwheels.master.pypi;

import java.nio.charset.StandardCharsets;

/** Encodes an XML-RPC {@code methodCall} with scalar parameters. */
public final class XmlRpcRequest {

    private XmlRpcRequest() {
    }

    /**
     * @param method the method name
     * @param params {@link Integer}, {@link Long} (within the XML-RPC {@code int} range),
     *               {@link Boolean} or {@link String} values
     * @return the UTF-8 request body
     */
    public static byte[] encode(String method, Object... params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>")
                .append(escape(method)).append("</methodName><params>");
        for (Object param : params) {
            xml.append("<param><value>").append(value(param)).append("</value></param>");
        }
        xml.append("</params></methodCall>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(Object param) {
        if (param instanceof Integer i) {
            return "<int>" + i + "</int>";
        }
        if (param instanceof Long l) {
            // XML-RPC ints are 32-bit; PyPI (Python's xmlrpc) rejects anything wider.
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("XML-RPC int out of range: " + l);
            }
            return "<int>" + l + "</int>";
        }
        if (param instanceof Boolean b) {
            return "<boolean>" + (b ? 1 : 0) + "</boolean>";
        }
        if (param instanceof String s) {
            return "<string>" + escape(s) + "</string>";
        }
        throw new IllegalArgumentException("unsupported XML-RPC parameter: " + param);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
