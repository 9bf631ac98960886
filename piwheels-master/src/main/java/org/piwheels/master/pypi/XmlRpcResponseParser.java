package org.piwheels.master.pypi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
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
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Decodes an XML-RPC {@code methodResponse} into plain Java values: {@link List},
 * {@link Map}, {@link String}, {@link Long} (all integer types), {@link Boolean},
 * {@link Double}, {@code byte[]} and {@code null} ({@code <nil/>}).
 * Date-times are returned as their ISO text; PyPI's changelog uses Unix integers.
 */
public final class XmlRpcResponseParser {

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private XmlRpcResponseParser() {
    }

    /**
     * @return the single result value
     * @throws XmlRpcFault              if the answer is a {@code <fault>}
     * @throws MalformedXmlRpcException if the body is not a complete, valid response
     */
    public static Object parse(byte[] body) throws XmlRpcFault, MalformedXmlRpcException {
        Element root = document(body).getDocumentElement();
        if (!"methodResponse".equals(root.getTagName())) {
            throw new MalformedXmlRpcException("expected methodResponse, got " + root.getTagName());
        }
        Element content = onlyChild(root);
        switch (content.getTagName()) {
            case "params" -> {
                Element param = onlyChild(content);
                expectTag(param, "param");
                return value(onlyChild(param));
            }
            case "fault" -> throw fault(value(onlyChild(content)));
            default -> throw new MalformedXmlRpcException("unexpected element " + content.getTagName());
        }
    }

    private static Document document(byte[] body) throws MalformedXmlRpcException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Answers come from the network: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(QUIET); // errors become exceptions, not lines on stderr
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new MalformedXmlRpcException("unparseable XML-RPC answer: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure configuration", e);
        }
    }

    private static XmlRpcFault fault(Object value) throws MalformedXmlRpcException {
        if (value instanceof Map<?, ?> map && map.get("faultCode") instanceof Long code) {
            Object text = map.get("faultString");
            return new XmlRpcFault(code.intValue(), text == null ? "" : text.toString());
        }
        throw new MalformedXmlRpcException("fault without faultCode: " + value);
    }

    private static Object value(Element value) throws MalformedXmlRpcException {
        expectTag(value, "value");
        List<Element> children = elements(value);
        if (children.isEmpty()) {
            return value.getTextContent(); // a bare <value>text</value> is a string
        }
        if (children.size() > 1) {
            throw new MalformedXmlRpcException("value with several types");
        }
        Element typed = children.get(0);
        String text = typed.getTextContent();
        try {
            return switch (localName(typed)) {
                case "int", "i4", "i8" -> Long.parseLong(text.trim());
                case "boolean" -> parseBoolean(text.trim());
                case "string", "dateTime.iso8601" -> text;
                case "double" -> Double.parseDouble(text.trim());
                case "base64" -> Base64.getMimeDecoder().decode(text.trim());
                case "nil" -> null;
                case "array" -> array(typed);
                case "struct" -> struct(typed);
                default -> throw new MalformedXmlRpcException("unknown value type " + typed.getTagName());
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedXmlRpcException("bad " + typed.getTagName() + " value: " + text, e);
        }
    }

    private static Boolean parseBoolean(String text) throws MalformedXmlRpcException {
        return switch (text) {
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> throw new MalformedXmlRpcException("bad boolean " + text);
        };
    }

    private static List<Object> array(Element array) throws MalformedXmlRpcException {
        Element data = onlyChild(array);
        expectTag(data, "data");
        List<Object> items = new ArrayList<>();
        for (Element item : elements(data)) {
            items.add(value(item));
        }
        return items;
    }

    private static Map<String, Object> struct(Element struct) throws MalformedXmlRpcException {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Element member : elements(struct)) {
            expectTag(member, "member");
            Element name = null;
            Element value = null;
            for (Element part : elements(member)) {
                switch (part.getTagName()) {
                    case "name" -> name = part;
                    case "value" -> value = part;
                    default -> throw new MalformedXmlRpcException("unexpected " + part.getTagName() + " in member");
                }
            }
            if (name == null || value == null) {
                throw new MalformedXmlRpcException("struct member without name or value");
            }
            members.put(name.getTextContent(), value(value));
        }
        return members;
    }

    private static String localName(Element element) {
        String tag = element.getTagName();
        int colon = tag.indexOf(':'); // Apache-style <ex:nil/>
        return colon < 0 ? tag : tag.substring(colon + 1);
    }

    private static Element onlyChild(Element parent) throws MalformedXmlRpcException {
        List<Element> children = elements(parent);
        if (children.size() != 1) {
            throw new MalformedXmlRpcException(
                    "expected one element in " + parent.getTagName() + ", found " + children.size());
        }
        return children.get(0);
    }

    private static void expectTag(Element element, String tag) throws MalformedXmlRpcException {
        if (!tag.equals(element.getTagName())) {
            throw new MalformedXmlRpcException("expected " + tag + ", got " + element.getTagName());
        }
    }

    private static List<Element> elements(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                result.add(element);
            }
        }
        return result;
    }
}
