package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {

    private static Object parse(String xml) throws Exception {
        return XmlRpcResponseParser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesAMethodCallWithAnIntParameter() {
        String xml = new String(XmlRpcRequest.encode("changelog_since_serial", 628000L), StandardCharsets.UTF_8);
        assertThat(xml).contains("<methodName>changelog_since_serial</methodName>")
                .contains("<param><value><int>628000</int></value></param>");
    }

    @Test
    void escapesStringsAndRejectsIntsWiderThan32Bits() {
        String xml = new String(XmlRpcRequest.encode("m", "a<&>b"), StandardCharsets.UTF_8);
        assertThat(xml).contains("<string>a&lt;&amp;&gt;b</string>");
        assertThatThrownBy(() -> XmlRpcRequest.encode("m", 1L << 33)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesNestedValuesOfEveryType() throws Exception {
        Object value = parse("""
                <?xml version="1.0"?>
                <methodResponse><params><param><value><array><data>
                  <value><string>foo</string></value>
                  <value>bare text</value>
                  <value><nil/></value>
                  <value><i4>-5</i4></value>
                  <value><i8>4000000000</i8></value>
                  <value><boolean>1</boolean></value>
                  <value><double>1.5</double></value>
                  <value><base64>aGk=</base64></value>
                  <value><struct><member><name>k</name><value><int>1</int></value></member></struct></value>
                </data></array></value></param></params></methodResponse>
                """);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        assertThat(list.subList(0, 7)).containsExactly("foo", "bare text", null, -5L, 4_000_000_000L, true, 1.5);
        assertThat((byte[]) list.get(7)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(list.get(8)).isEqualTo(Map.of("k", 1L));
    }

    @Test
    void aFaultBecomesAnExceptionWithItsCode() {
        assertThatThrownBy(() -> parse(StubPypi.faultXml(-32500, "slow down")))
                .isInstanceOfSatisfying(XmlRpcFault.class, f -> assertThat(f.code()).isEqualTo(-32500))
                .hasMessageContaining("slow down");
    }

    @Test
    void truncatedOrForeignAnswersAreMalformed() {
        String whole = "<?xml version='1.0'?><methodResponse><params><param><value><array><data>"
                + "<value><int>1</int></value></data></array></value></param></params></methodResponse>";
        assertThatThrownBy(() -> parse(whole.substring(0, whole.length() / 2)))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> parse("<html><body>gateway error</body></html>"))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> parse("<methodResponse><params><param><value><int>x</int></value>"
                + "</param></params></methodResponse>")).isInstanceOf(MalformedXmlRpcException.class);
    }

    @Test
    void refusesDoctypesSoNoEntityCanBeExpanded() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodResponse><params><param><value><string>&e;</string></value></param></params>"
                + "</methodResponse>";
        assertThatThrownBy(() -> parse(xml)).isInstanceOf(MalformedXmlRpcException.class);
    }

    @Test
    void bareValuesInsideAnArrayAreStrings() throws Exception {
        Object value = parse("<methodResponse><params><param><value><array><data>"
                + "<value>a</value><value> b </value></data></array></value></param></params></methodResponse>");
        assertThat(value).isEqualTo(List.of("a", " b "));
    }
}
