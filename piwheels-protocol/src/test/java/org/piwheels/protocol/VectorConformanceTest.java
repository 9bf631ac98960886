package org.piwheels.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.piwheels.protocol.cbor.CborException;
import org.piwheels.protocol.cbor.CborReader;
import org.piwheels.protocol.cbor.CborWriter;

/**
 * The spec's conformance suite: every valid vector decodes with the receiving side's
 * protocol to the described value and re-encodes with the sending side's to exactly
 * its bytes; every invalid vector is rejected with a {@link ProtocolException}.
 */
class VectorConformanceTest {
    /** The one decode variant with a trailing byte; see docs/protocol-library.md, "Vector errata". */
    private static final String TRAILING_BYTE_ERRATUM = "d9010281826161616262";

    @TestFactory
    Stream<DynamicTest> messageVectors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : Vectors.MESSAGE_FILES) {
            for (JsonNode v : Vectors.load(file).get("vectors")) {
                String name = v.get("name").textValue();
                if ("valid".equals(v.get("kind").textValue())) {
                    tests.add(DynamicTest.dynamicTest(name, () -> checkValid(v)));
                } else {
                    tests.add(DynamicTest.dynamicTest(name, () -> checkInvalid(v)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(150);
        return tests.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void checkValid(JsonNode v) throws ProtocolException {
        byte[] frame = Vectors.hex(v.get("cbor_hex").textValue());
        Protocol receiver = Vectors.receiver(v);
        Message decoded = receiver.decode(frame);
        String action = v.get("action").textValue();
        assertThat(receiver.reverse().actionOf(decoded)).isEqualTo(action);

        // re-encoding with the sender's protocol gives exactly the same bytes
        byte[] again = receiver.reverse().encode(decoded);
        assertThat(Vectors.hex(again)).isEqualTo(v.get("cbor_hex").textValue());

        // and the decoded value is the described one
        Object expected = "bare".equals(v.get("form").textValue())
                ? action
                : Arrays.asList(action, TypedJson.toValue(v.get("data_description")));
        assertThat(CborReader.decode(again)).isEqualTo(expected);
        assertThat(Vectors.hex(new CborWriter().writeValue(expected).toByteArray()))
                .isEqualTo(v.get("cbor_hex").textValue());
    }

    static void checkInvalid(JsonNode v) {
        byte[] frame = Vectors.hex(v.get("cbor_hex").textValue());
        Protocol<?, ?> receiver = Vectors.receiver(v);
        assertThat(v.get("expected").textValue()).isEqualTo("reject");
        assertThatThrownBy(() -> receiver.decode(frame))
                .as(v.get("description").textValue())
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith(receiver.name() + ": ");
    }

    @TestFactory
    Stream<DynamicTest> primitives() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.load("cbor_primitives.json").get("vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("label").textValue(), () -> {
                Object value = TypedJson.toValue(v.get("value"));
                byte[] bytes = new CborWriter().writeValue(value).toByteArray();
                assertThat(Vectors.hex(bytes)).isEqualTo(v.get("cbor_hex").textValue());
                Object back = CborReader.decode(bytes);
                if (value instanceof byte[]) {
                    assertThat((byte[]) back).isEqualTo((byte[]) value);
                } else {
                    assertThat(back).isEqualTo(value);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> decodeVariants() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.load("decode_variants.json").get("vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("label").textValue(), () -> {
                byte[] frame = Vectors.hex(v.get("cbor_hex").textValue());
                String reencoded = v.get("reencode_hex").textValue();
                if (v.has("protocol")) {
                    Protocol receiver = Vectors.receiver(v);
                    Message m = receiver.decode(frame);
                    JsonNode expected = v.get("decodes_to");
                    assertThat(receiver.reverse().actionOf(m)).isEqualTo(expected.get("action").textValue());
                    @SuppressWarnings("unchecked")
                    byte[] again = receiver.reverse().encode(m);
                    assertThat(Vectors.hex(again)).isEqualTo(reencoded);
                    assertThat(CborReader.decode(again))
                            .isEqualTo(Arrays.asList(expected.get("action").textValue(), TypedJson.toValue(expected.get("data"))));
                } else if (TRAILING_BYTE_ERRATUM.equals(v.get("cbor_hex").textValue())) {
                    // This entry carries one byte after its item (0x62), which cbor2 ignores. The spec
                    // (§3.3) requires a Java receiver to reject trailing bytes, so we do; the item
                    // itself must still decode as described.
                    assertThatThrownBy(() -> CborReader.decode(frame)).isInstanceOf(CborException.class)
                            .hasMessageContaining("after the CBOR item");
                    Object decoded = CborReader.decode(frame, 0, frame.length - 1);
                    assertThat(decoded).isEqualTo(TypedJson.toValue(v.get("decodes_to")));
                    assertThat(Vectors.hex(new CborWriter().writeValue(decoded).toByteArray())).isEqualTo(reencoded);
                } else {
                    Object decoded = CborReader.decode(frame);
                    assertThat(decoded).isEqualTo(TypedJson.toValue(v.get("decodes_to")));
                    assertThat(Vectors.hex(new CborWriter().writeValue(decoded).toByteArray())).isEqualTo(reencoded);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> recordedSessions() {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode slave = Vectors.load("slave_session.json");
        for (JsonNode e : slave.get("events")) {
            if (!e.has("cbor_hex")) {
                continue;
            }
            String queue = e.get("queue").textValue();
            String from = e.get("from").textValue();
            Protocol<?, ?> receiver;
            if (queue.startsWith("slave")) {
                receiver = "slave".equals(from)
                        ? org.piwheels.protocol.messages.SlaveDriverProtocol.MASTER
                        : org.piwheels.protocol.messages.SlaveDriverProtocol.SLAVE;
            } else if (queue.startsWith("status")) {
                receiver = org.piwheels.protocol.messages.MonitorStatusProtocol.MONITOR;
            } else {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("slave session " + e.get("step").textValue() + " " + from + " "
                    + e.get("action").textValue(), () -> roundTrip(receiver, e)));
        }
        for (JsonNode e : Vectors.load("import_session.json").get("events")) {
            if (!e.has("cbor_hex")) {
                continue;
            }
            Protocol<?, ?> receiver = "tool".equals(e.get("from").textValue())
                    ? org.piwheels.protocol.messages.AdminProtocol.MASTER
                    : org.piwheels.protocol.messages.AdminProtocol.TOOL;
            tests.add(DynamicTest.dynamicTest("import session " + e.get("step").textValue() + " "
                    + e.get("action").textValue(), () -> roundTrip(receiver, e)));
        }
        return tests.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void roundTrip(Protocol receiver, JsonNode e) throws ProtocolException {
        byte[] frame = Vectors.hex(e.get("cbor_hex").textValue());
        Message m = receiver.decode(frame);
        assertThat(receiver.reverse().actionOf(m)).isEqualTo(e.get("action").textValue());
        assertThat(Vectors.hex(receiver.reverse().encode(m))).isEqualTo(e.get("cbor_hex").textValue());
        if (e.has("data_description")) {
            assertThat(CborReader.decode(frame))
                    .isEqualTo(Arrays.asList(e.get("action").textValue(), TypedJson.toValue(e.get("data_description"))));
        }
    }
}
