package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Stats;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.transport.Transport;

/**
 * A monitor on a virtual terminal attached to a {@link FakeMaster}, driven one loop
 * step at a time from the test thread. Its clock is a {@link MutableClock}; socket
 * waits are real.
 */
final class MonitorFixture implements AutoCloseable {
    /** Five seconds after the recorded session's frozen master time. */
    static final Instant START = Instant.parse("2024-05-17T12:00:05Z");
    static final Duration SETTLE = Duration.ofMillis(100);
    /** How long to wait for the screen (generous: the machine may be loaded). */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(START);
    FakeMaster master = new FakeMaster();
    final DefaultVirtualTerminal terminal;
    final ScreenText text;
    final MonitorApp app;
    private final Transport transport = new Transport();
    private final TerminalScreen screen;
    private boolean running = true;

    MonitorFixture(TerminalSize size, Duration silenceLimit) {
        terminal = new DefaultVirtualTerminal(size);
        text = new ScreenText(terminal);
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app = new MonitorApp(screen, transport, master.statusAddress(), master.controlAddress(), clock,
                new MonitorApp.Timings(SETTLE, Duration.ofSeconds(1), silenceLimit));
    }

    /** The recorded picture: master HELLO and STATS, then slave 1's session up to {@code lastStep}. */
    static List<StatusMessage> recordedPicture(int lastStep) {
        List<StatusMessage> picture = new ArrayList<>();
        picture.add(Vectors.monitorStats("monitor_stats.HELLO"));
        picture.add(Vectors.monitorStats("monitor_stats.STATS"));
        picture.addAll(Vectors.slaveSession(lastStep));
        return picture;
    }

    /** Starts the monitor and waits until the master's answer to its HELLO is on screen. */
    MonitorFixture connect(List<StatusMessage> picture) {
        start(picture);
        letHelloGo();
        // the whole picture is in once every slave has its replayed statistics and the master too
        Map<Long, Long> slaveStats = new HashMap<>();
        for (StatusMessage m : picture) {
            if (m instanceof Slave sl) {
                slaveStats.merge(sl.slaveId(), sl.message().equals("STATS") ? 1L : 0L,
                        sl.message().equals("HELLO") ? (a, b) -> 0L : Long::sum);
            }
        }
        long masterStats = picture.stream().filter(Stats.class::isInstance).count();
        pumpUntilPictured(() -> text.all().contains("Connected to master")
                && app.model().master().stats().size() == masterStats
                && slaveStats.entrySet().stream().allMatch(e -> app.model().slave(e.getKey()) != null
                        && app.model().slave(e.getKey()).stats().size() == Math.min(100, e.getValue())));
        pumpFor(Duration.ofMillis(100)); // and whatever followed the last statistics
        return this;
    }

    /** Starts the monitor against a master that answers HELLO with {@code picture}. */
    void start(List<StatusMessage> picture) {
        master.replay(picture);
        try {
            app.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The master process ends and a new one binds the same addresses, knowing {@code picture}. */
    void restartMaster(List<StatusMessage> picture) {
        String statusAddress = master.statusAddress();
        String controlAddress = master.controlAddress();
        master.close();
        master = new FakeMaster(statusAddress, controlAddress);
        master.replay(picture);
    }

    /**
     * Lets the settle delay pass: real time for the subscription, test time for the
     * monitor's clock. Waits for the status connection's handshake first, so that it
     * is seen while HELLO is still due (a handshake seen after HELLO would be answered
     * with another, one settle delay later on the monitor's clock).
     */
    void letHelloGo() {
        pumpUntil(app::statusHandshook);
        sleep(SETTLE.multipliedBy(2));
        clock.advance(SETTLE);
    }

    /**
     * As {@link #pumpUntil}, for the master's answer to a HELLO: a PUB drops what it
     * publishes before the SUB's subscription has reached it, which a loaded machine
     * can delay past the settle time, so while the condition does not hold the master
     * publishes its picture again each second (as when another monitor says HELLO).
     */
    void pumpUntilPictured(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long again = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            step();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > again && master.hellos() > 0) {
                master.republish();
                again = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        fail("condition not met; screen:%n%s", text.all());
    }

    /** Runs loop steps (and the fake master) until the condition holds; fails after 10 s. */
    void pumpUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            step();
            if (condition.getAsBoolean()) {
                return;
            }
        }
        fail("condition not met; screen:%n%s", text.all());
    }

    /** Runs loop steps for a while (to show that something does not happen). */
    void pumpFor(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            step();
        }
    }

    void step() {
        try {
            running = app.step(Duration.ofMillis(10)) && running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        master.serve(Duration.ZERO);
    }

    boolean running() {
        return running;
    }

    void press(char c) {
        terminal.addInput(new KeyStroke(c, false, false));
        step();
    }

    void press(KeyType type) {
        terminal.addInput(new KeyStroke(type));
        step();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        app.close();
        screen.stopScreen();
        transport.close();
        master.close();
    }
}
