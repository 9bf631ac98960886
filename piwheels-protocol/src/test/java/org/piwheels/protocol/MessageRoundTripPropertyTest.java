package org.piwheels.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import org.piwheels.protocol.cbor.CborReader;
import org.piwheels.protocol.gen.AllProtocols;
import org.piwheels.protocol.gen.MessageArbitraries;
import org.piwheels.protocol.gen.MessageArbitraries.Sample;

/**
 * Every valid message of every protocol survives the trip: encoded by the side that
 * sends it, decoded by the side that receives it, it is equal to the original, and
 * encoding it again gives the very same bytes.
 */
class MessageRoundTripPropertyTest {
    private static final int SAMPLES_PER_TYPE = 4;
    private static final int GEN_SIZE = 1000;
    private static final long SEED = 20_231_128L;

    @Property(tries = 800, edgeCases = EdgeCasesMode.NONE)
    void anyMessageRoundTrips(@ForAll("messages") Sample sample) throws ProtocolException {
        assertRoundTrip(sample);
    }

    @Provide
    Arbitrary<Sample> messages() {
        return MessageArbitraries.anyMessage();
    }

    /** Each message type of each sending side, four times (fixed seeds), so none is left to chance. */
    @Example
    void everyMessageTypeOfEveryProtocolRoundTrips() throws ProtocolException {
        int types = 0;
        for (Protocol<?, ?> sender : AllProtocols.senders()) {
            for (Class<?> type : MessageArbitraries.messageTypes(sender)) {
                RandomGenerator<Sample> generator = MessageArbitraries.samples(sender, type).generator(GEN_SIZE);
                Random random = new Random(SEED + types);
                for (int i = 0; i < SAMPLES_PER_TYPE; i++) {
                    assertRoundTrip(generator.next(random).value());
                }
                types++;
            }
        }
        assertThat(types).as("message types of all sending sides").isGreaterThan(100);
    }

    private static void assertRoundTrip(Sample sample) throws ProtocolException {
        Protocol<Message, Message> sender = sample.sender();
        Message message = sample.message();
        byte[] frame = sender.encode(message);

        Message decoded = sender.reverse().decode(frame);
        assertThat(decoded).isEqualTo(message);
        assertThat(sender.actionOf(decoded)).isEqualTo(sender.actionOf(message));

        byte[] again = sender.encode(decoded);
        assertThat(again).as("re-encoding %s", sample).isEqualTo(frame);
        // the frame is one well-formed item that the generic reader also accepts
        assertThat(CborReader.decode(frame)).isNotNull();
    }
}
