package org.piwheels.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;

/**
 * {@code BUILT} with ten files and a 100 kB build log, the largest CBOR message a
 * slave sends. The {@code bytes} counter is the frame size per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BuiltBenchmark {
    /** {@code ascii}: a plain ASCII log; {@code unicode}: a log with non-ASCII characters. */
    @Param({"ascii", "unicode"})
    public String log;

    private Built message;
    private byte[] frame;

    /** Builds the message and its frame. */
    @Setup
    public void setUp() throws ProtocolException {
        message = new Built(Messages.built("unicode".equals(log)));
        frame = SlaveDriverProtocol.SLAVE.encode(message);
    }

    /** Encodes and decodes one {@code BUILT}. */
    @Benchmark
    public SlaveRequest encodeDecode(ByteCounter counter) throws ProtocolException {
        byte[] f = SlaveDriverProtocol.SLAVE.encode(message);
        counter.bytes += f.length;
        return SlaveDriverProtocol.MASTER.decode(f);
    }

    /** Encodes one {@code BUILT}. */
    @Benchmark
    public byte[] encode(ByteCounter counter) throws ProtocolException {
        byte[] f = SlaveDriverProtocol.SLAVE.encode(message);
        counter.bytes += f.length;
        return f;
    }

    /** Decodes one {@code BUILT}. */
    @Benchmark
    public SlaveRequest decode(ByteCounter counter) throws ProtocolException {
        counter.bytes += frame.length;
        return SlaveDriverProtocol.MASTER.decode(frame);
    }
}
