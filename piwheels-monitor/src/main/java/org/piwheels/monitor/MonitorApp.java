package org.piwheels.monitor;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.piwheels.monitor.control.MonitorController;
import org.piwheels.monitor.link.MasterLink;
import org.piwheels.monitor.link.MasterWatch;
import org.piwheels.monitor.model.MonitorModel;
import org.piwheels.monitor.view.MonitorView;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Hello;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.transport.Transport;

/**
 * The monitor's event loop, on one thread (ZeroMQ sockets and the screen belong to
 * it): status messages into the model, keys into the controller, a 1 s timer for
 * elapsed times, dead-slave removal and the master watch, and a redraw whenever
 * something changed. When the master's connection drops, or the master falls
 * silent, it drops the slave list and asks the next master to answer for a fresh
 * picture.
 */
public final class MonitorApp implements AutoCloseable {
    /**
     * The loop's timings.
     *
     * @param settle       wait between subscribing and saying HELLO
     * @param tick         the UI timer
     * @param silenceLimit master silence that means "not responding" (and the re-attach interval)
     */
    public record Timings(Duration settle, Duration tick, Duration silenceLimit) {
        /** components spec §8.2, §18: 1 s settle and timer; 30 s is three missed STATS. */
        public static final Timings DEFAULT = new Timings(MasterLink.SETTLE, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private final Screen screen;
    private final Clock clock;
    private final Timings timings;
    private final MonitorModel model = new MonitorModel();
    private final MasterLink link;
    private final MasterWatch watch;
    private final MonitorController controller;
    private final MonitorView view;
    private Instant nextTick;
    private boolean dirty = true;

    /**
     * @param screen       a started screen
     * @param transport    the ZeroMQ context
     * @param statusQueue  the master's status queue address
     * @param controlQueue the master's control queue address
     * @param clock        the clock every time on screen is measured on
     * @param timings      the loop's timings
     */
    public MonitorApp(Screen screen, Transport transport, String statusQueue, String controlQueue,
                      Clock clock, Timings timings) {
        this(screen, transport, statusQueue, controlQueue, clock, timings, null);
    }

    /**
     * As {@link #MonitorApp(Screen, Transport, String, String, Clock, Timings)}, with the
     * master's admin credentials ({@code null} for a master with {@code --admin-auth off}).
     */
    public MonitorApp(Screen screen, Transport transport, String statusQueue, String controlQueue,
                      Clock clock, Timings timings, org.piwheels.protocol.transport.AdminSecret admin) {
        this.screen = screen;
        this.clock = clock;
        this.timings = timings;
        this.link = new MasterLink(transport, statusQueue, controlQueue, timings.settle(), clock, admin);
        this.watch = new MasterWatch(timings.silenceLimit());
        this.controller = new MonitorController(model, link, clock);
        this.view = new MonitorView(screen);
    }

    /** Attaches to the master (HELLO follows after the settle delay) and draws the first frame. */
    public void start() throws IOException {
        Instant now = clock.instant();
        link.attach();
        watch.attached(now);
        nextTick = now.plus(timings.tick());
        redraw(now);
    }

    /** Runs until {@code q}. */
    public void run() throws IOException {
        start();
        while (step(Duration.ofMillis(50))) {
            // each step waits for input itself
        }
    }

    /**
     * One turn of the loop: waits at most {@code maxWait} for status messages, then
     * handles keys, the timer and the redraw.
     *
     * @return false once the user asked to quit
     */
    public boolean step(Duration maxWait) throws IOException {
        List<StatusMessage> messages = link.poll(maxWait);
        Instant now = clock.instant();
        if (link.takeLost()) {
            // the master stopped or restarted: its slaves are no longer known; the link asks the
            // master that answers next for a fresh picture
            model.forgetSlaves();
            watch.lost();
            dirty = true;
        }
        for (StatusMessage m : messages) {
            model.apply(m, now);
            watch.heard(now, m instanceof Hello);
            dirty = true;
        }
        KeyStroke key;
        while ((key = screen.pollInput()) != null) {
            if (key.getKeyType() == KeyType.EOF) {
                return false;
            }
            controller.handle(key);
            dirty = true;
        }
        if (!now.isBefore(nextTick)) {
            nextTick = now.plus(timings.tick());
            model.tick(now);
            if (watch.check(now)) {
                // a restarted master knows nothing of us: fresh sockets, and a fresh picture
                model.forgetSlaves();
                link.attach();
                watch.attached(now);
            }
            dirty = true;
        }
        if (screen.doResizeIfNecessary() != null) {
            dirty = true;
        }
        if (dirty) {
            redraw(now);
        }
        return !controller.quitRequested();
    }

    private void redraw(Instant now) throws IOException {
        view.render(model, controller, watch.status(), now);
        dirty = false;
    }

    /** @return the model (for tests and embedding) */
    public MonitorModel model() {
        return model;
    }

    /** @return the controller (for tests and embedding) */
    public MonitorController controller() {
        return controller;
    }

    /** @return whether the status connection's handshake began since the last attach or drop (for tests) */
    public boolean statusHandshook() {
        return link.handshook();
    }

    /** @return whether a HELLO is waiting for the settle delay (for tests) */
    public boolean helloPending() {
        return link.helloPending();
    }

    /** @return the connection state */
    public MasterWatch watch() {
        return watch;
    }

    /** Closes the sockets; queued control messages get a moment to leave. */
    @Override
    public void close() {
        link.close();
    }
}
