package org.piwheels.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A web server the test runs in the foreground on 127.0.0.1, stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final List<Path> logs;

    /** Starts the command (output to {@code output}) and waits until {@code port} accepts connections. */
    ServerProcess(List<String> command, int port, Path output, List<Path> logs) throws Exception {
        this.output = output;
        this.logs = logs;
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitPort(port);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ": " + diagnostics());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("server did not listen on " + port + ": " + diagnostics());
    }

    String diagnostics() {
        StringBuilder b = new StringBuilder(read(output));
        logs.forEach(l -> b.append('\n').append(read(l)));
        return b.toString();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
