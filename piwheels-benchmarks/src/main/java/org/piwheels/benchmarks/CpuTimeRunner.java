package org.piwheels.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A supplement to the JMH benchmarks for a shared machine: runs the same benchmark
 * methods in a loop and divides the operations by the CPU time of the running thread
 * rather than by wall-clock time, so that time slices lost to other processes do not
 * count. (Cache pollution by those processes still does.) Prints, for each workload,
 * the median and best of several rounds in operations and bytes per CPU-second.
 *
 * <p>Run with {@code java -cp piwheels-benchmarks/target/benchmarks.jar
 * org.piwheels.benchmarks.CpuTimeRunner [rounds]}.
 */
public final class CpuTimeRunner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long WARMUP_CPU_NANOS = 4_000_000_000L;
    private static final long ROUND_CPU_NANOS = 1_000_000_000L;

    private CpuTimeRunner() {
    }

    /** One workload: an operation and the bytes it moves per call. */
    private record Workload(String name, Callable<Object> operation, long bytesPerOp) {
    }

    /**
     * @param args optionally the number of measured rounds (default 8)
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<Workload> workloads = workloads();
        System.out.printf(Locale.ROOT, "%-26s %16s %16s %12s %12s%n",
                "workload", "ops/cpu-s median", "ops/cpu-s best", "GB/cpu-s med", "GB/cpu-s best");
        long sink = 0;
        for (Workload w : workloads) {
            sink += measure(w.operation(), WARMUP_CPU_NANOS)[0];
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[] result = measure(w.operation(), ROUND_CPU_NANOS);
                rates[r] = result[0] * 1e9 / result[1];
                sink += result[2];
            }
            Arrays.sort(rates);
            double median = rates[rounds / 2];
            double best = rates[rounds - 1];
            System.out.printf(Locale.ROOT, "%-26s %,16.0f %,16.0f %12s %12s%n", w.name(), median, best,
                    gigabytes(median, w.bytesPerOp()), gigabytes(best, w.bytesPerOp()));
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static String gigabytes(double opsPerSecond, long bytesPerOp) {
        return bytesPerOp == 0 ? "" : String.format(Locale.ROOT, "%.2f", opsPerSecond * bytesPerOp / 1e9);
    }

    /** @return {operations, CPU nanoseconds, checksum} of calls until {@code cpuNanos} of CPU time is used */
    private static long[] measure(Callable<Object> op, long cpuNanos) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        long ops = 0;
        long checksum = 0;
        long used;
        do {
            for (int i = 0; i < 64; i++) {
                checksum += System.identityHashCode(op.call());
            }
            ops += 64;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < cpuNanos);
        return new long[] {ops, used, checksum};
    }

    private static List<Workload> workloads() throws Exception {
        List<Workload> list = new ArrayList<>();
        IdleBenchmark idle = new IdleBenchmark();
        idle.setUp();
        list.add(new Workload("IDLE encode+decode", idle::encodeDecode, 0));
        for (String log : new String[] {"ascii", "unicode"}) {
            BuiltBenchmark built = new BuiltBenchmark();
            built.log = log;
            built.setUp();
            ByteCounter counter = new ByteCounter();
            built.encodeDecode(counter);
            list.add(new Workload("BUILT encode+decode " + log, () -> built.encodeDecode(counter), counter.bytes));
        }
        ChunkBenchmark chunk = new ChunkBenchmark();
        chunk.setUp();
        list.add(new Workload("CHUNK 1 MiB frames+parse", () -> chunk.framesAndParse(new ByteCounter()),
                ChunkBenchmark.CHUNK_BYTES));
        return list;
    }
}
