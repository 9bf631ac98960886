package org.piwheels.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;

/** {@code IDLE}, the slave's most frequent message: encode at the slave, decode at the master. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IdleBenchmark {
    private Idle message;
    private byte[] frame;

    /** Builds the message and its frame. */
    @Setup
    public void setUp() throws ProtocolException {
        message = new Idle(Messages.idleStats());
        frame = SlaveDriverProtocol.SLAVE.encode(message);
    }

    /** Encodes and decodes one {@code IDLE}. */
    @Benchmark
    public SlaveRequest encodeDecode() throws ProtocolException {
        return SlaveDriverProtocol.MASTER.decode(SlaveDriverProtocol.SLAVE.encode(message));
    }

    /** Encodes one {@code IDLE}. */
    @Benchmark
    public byte[] encode() throws ProtocolException {
        return SlaveDriverProtocol.SLAVE.encode(message);
    }

    /** Decodes one {@code IDLE}. */
    @Benchmark
    public SlaveRequest decode() throws ProtocolException {
        return SlaveDriverProtocol.MASTER.decode(frame);
    }
}
