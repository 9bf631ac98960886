package org.piwheels.tools.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The practical limit of a transfer on this machine: the same number of bytes copied
 * through a plain TCP socket on loopback (64 kB writes, a reader that discards), the
 * best of a few rounds.
 */
final class LoopbackBaseline {
    private LoopbackBaseline() {
    }

    /** @return bytes per second */
    static double measure(byte[] content, int rounds) throws IOException, InterruptedException {
        double best = 0;
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int r = 0; r < rounds; r++) {
                Future<Long> received = reader.submit(() -> drain(server));
                long start = System.nanoTime();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < content.length; off += 65536) {
                        out.write(content, off, Math.min(65536, content.length - off));
                    }
                    s.shutdownOutput();
                    long got = received.get();
                    if (got != content.length) {
                        throw new IOException("loopback copy lost bytes: " + got + " of " + content.length);
                    }
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause());
                }
                best = Math.max(best, content.length / ((System.nanoTime() - start) / 1e9));
            }
        } finally {
            reader.shutdownNow();
        }
        return best;
    }

    private static long drain(ServerSocket server) throws IOException {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            return total;
        }
    }
}
