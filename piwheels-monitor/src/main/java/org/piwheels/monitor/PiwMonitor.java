package org.piwheels.monitor;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.AdminAuthOptions;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.protocol.transport.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code piw-monitor}: the terminal UI of components spec §8. */
@Command(name = "piw-monitor", mixinStandardHelpOptions = true, versionProvider = MonitorVersion.class,
        sortOptions = false,
        description = "Shows what a piwheels master and its build slaves are doing, and lets you pause, "
                + "resume, skip, stop or kill them.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:quit with q", "1:failed (e.g. no terminal)", "2:bad options or configuration, or Ctrl+C"})
public final class PiwMonitor implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin AdminAuthOptions admin;

    @Option(names = "--status-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-status",
            description = "The master's status queue (default: ${DEFAULT-VALUE})")
    String statusQueue;

    @Option(names = "--control-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-control",
            description = "The master's control queue (default: ${DEFAULT-VALUE})")
    String controlQueue;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwMonitor(), "monitor", args));
    }

    @Override
    public Integer call() throws Exception {
        // no logging options: keep the console quiet so nothing scribbles over the screen
        LogSetup.configure(null, false, false, List.of());
        // before the screen takes the terminal, so the message can be read
        org.piwheels.protocol.transport.AdminSecret credentials = credentials();
        try (Transport transport = new Transport()) {
            // a text terminal even when a display is around (Lanterna's factory would open a Swing
            // window), sized by the kernel; Ctrl+C as a key, so the screen is restored before we exit
            Screen screen = new TerminalScreen(new TtySizedTerminal(UnixTerminal.CtrlCBehaviour.TRAP));
            screen.startScreen();
            screen.setCursorPosition(null);
            try (MonitorApp app = new MonitorApp(screen, transport, statusQueue, controlQueue,
                    Clock.systemUTC(), MonitorApp.Timings.DEFAULT, credentials)) {
                app.run();
                // 0.23's monitor returns its error handler's status for Ctrl+C: 2
                return app.controller().interrupted() ? ExitCodes.USAGE : ExitCodes.OK;
            } finally {
                screen.stopScreen();
            }
        }
    }

    /** @return the admin credentials, or {@code null} with {@code --admin-auth off} */
    private org.piwheels.protocol.transport.AdminSecret credentials() {
        java.nio.file.Path file = admin.file();
        if (file == null) {
            return null;
        }
        try {
            return org.piwheels.protocol.transport.AdminSecret.read(file);
        } catch (java.io.IOException e) {
            throw admin.failure(e.getMessage());
        }
    }
}
