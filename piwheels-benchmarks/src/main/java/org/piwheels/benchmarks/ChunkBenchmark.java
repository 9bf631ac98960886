package org.piwheels.benchmarks;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;

/**
 * A 1 MiB {@code CHUNK} of the file queue: its frames are built at the sender and
 * parsed at the master. The chunk's bytes travel as their own frame and are never
 * copied by the codec; the {@code bytes} counter is the chunk size per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkBenchmark {
    /** One MiB. */
    static final int CHUNK_BYTES = 1 << 20;

    private Chunk message;

    /** Fills the chunk with random bytes. */
    @Setup
    public void setUp() {
        byte[] data = new byte[CHUNK_BYTES];
        new Random(42).nextBytes(data);
        message = new Chunk(123L * CHUNK_BYTES, data);
    }

    /** Turns the chunk into frames and parses them back. */
    @Benchmark
    public SenderMessage framesAndParse(ByteCounter counter) throws ProtocolException {
        byte[][] frames = FileTransferProtocol.frames(message);
        counter.bytes += frames[2].length;
        return FileTransferProtocol.parseSender(Arrays.asList(frames));
    }
}
