package org.piwheels.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the bytes a benchmark moved, so that JMH reports a {@code bytes} rate
 * (bytes/s) next to the operation rate.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    /** Bytes processed in the current iteration (public: JMH reads it). */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
