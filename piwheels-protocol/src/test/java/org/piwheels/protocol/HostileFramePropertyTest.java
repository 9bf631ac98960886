package org.piwheels.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.piwheels.protocol.cbor.CborReader;
import org.piwheels.protocol.cbor.CborWriter;
import org.piwheels.protocol.gen.AllProtocols;
import org.piwheels.protocol.gen.CborTokens;
import org.piwheels.protocol.gen.DecodeGuard;
import org.piwheels.protocol.gen.GenericTrees;
import org.piwheels.protocol.gen.GenericValues;
import org.piwheels.protocol.gen.MessageArbitraries;
import org.piwheels.protocol.gen.MessageArbitraries.Sample;
import org.piwheels.protocol.gen.Mutation;

/**
 * Whatever arrives, a receiving protocol either decodes it or throws a
 * {@link ProtocolException}: nothing else escapes {@link Protocol#decode}, and it
 * never hangs or exhausts memory (huge declared lengths included). Inputs are
 * random bytes, random CBOR token sequences, damaged valid frames, and valid frames
 * with one value swapped for a random one.
 */
class HostileFramePropertyTest {

    /** A frame for one receiving side. */
    record Input(Protocol<?, ?> receiver, byte[] frame) {
        @Override
        public String toString() {
            return receiver.name() + " " + java.util.HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 200))
                    + (frame.length > 200 ? "… (" + frame.length + " bytes)" : "");
        }
    }

    @Property(tries = 1000)
    void randomBytesAreDecodedOrRejected(@ForAll("randomBytes") Input input) {
        assertDecodedOrRejected(input);
    }

    @Property(tries = 600)
    void randomTokenSequencesAreDecodedOrRejected(@ForAll("tokenSequences") Input input) {
        assertDecodedOrRejected(input);
    }

    @Property(tries = 500)
    void damagedValidFramesAreDecodedOrRejected(@ForAll("messages") Sample sample,
                                                @ForAll("mutations") List<Mutation> mutations)
            throws ProtocolException {
        byte[] frame = sample.sender().encode(sample.message());
        byte[] damaged = Mutation.applyAll(frame, mutations);
        assertDecodedOrRejected(new Input(sample.sender().reverse(), damaged));
    }

    @Property(tries = 400)
    void validFramesWithOneValueReplacedAreDecodedOrRejected(@ForAll("messages") Sample sample,
                                                             @ForAll("nodeIndex") int index,
                                                             @ForAll("genericValue") Object replacement)
            throws ProtocolException {
        Object tree = CborReader.decode(sample.sender().encode(sample.message()));
        Object changed = GenericTrees.replace(tree, index % GenericTrees.size(tree), replacement);
        byte[] frame = new CborWriter().writeValue(changed).toByteArray();
        assertDecodedOrRejected(new Input(sample.sender().reverse(), frame));
    }

    private static void assertDecodedOrRejected(Input input) {
        Throwable thrown = DecodeGuard.thrownBy(() -> input.receiver().decode(input.frame()));
        if (thrown != null) {
            assertThat(thrown).as("decoding %s", input).isInstanceOf(ProtocolException.class);
            assertThat(thrown.getMessage()).startsWith(input.receiver().name() + ": ");
        }
    }

    @Provide
    Arbitrary<Input> randomBytes() {
        return forEachReceiver(p -> {
            Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
            Arbitrary<byte[]> afterPair = Combinators.combine(
                            Arbitraries.of(actionsOf(p).isEmpty() ? List.of("X") : actionsOf(p)), raw)
                    .as(HostileFramePropertyTest::pairWith);
            return Arbitraries.frequencyOf(Tuple.of(1, raw), Tuple.of(1, afterPair));
        });
    }

    @Provide
    Arbitrary<Input> tokenSequences() {
        return forEachReceiver(p -> CborTokens.frames(actionsOf(p)));
    }

    @Provide
    Arbitrary<Sample> messages() {
        return MessageArbitraries.anyMessage();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.any().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Integer> nodeIndex() {
        return Arbitraries.integers().greaterOrEqual(0);
    }

    @Provide
    Arbitrary<Object> genericValue() {
        return GenericValues.any(2);
    }

    /** Frames for every protocol side, each side equally likely (built once, not per try). */
    private static Arbitrary<Input> forEachReceiver(Function<Protocol<?, ?>, Arbitrary<byte[]>> frames) {
        List<Arbitrary<Input>> all = new ArrayList<>();
        for (Protocol<?, ?> p : AllProtocols.all()) {
            all.add(frames.apply(p).map(b -> new Input(p, b)));
        }
        return Arbitraries.oneOf(all);
    }

    private static List<String> actionsOf(Protocol<?, ?> p) {
        return new ArrayList<>(p.receivableActions());
    }

    /** {@code 82}, the action as text, then the given bytes as the (broken) data. */
    private static byte[] pairWith(String action, byte[] rest) {
        byte[] text = new CborWriter().writeText(action).toByteArray();
        byte[] frame = new byte[1 + text.length + rest.length];
        frame[0] = (byte) 0x82;
        System.arraycopy(text, 0, frame, 1, text.length);
        System.arraycopy(rest, 0, frame, 1 + text.length, rest.length);
        return frame;
    }
}
