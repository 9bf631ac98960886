package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Addresses, durations, reprs, startup refusals, random waits, interpreter tags. */
class SmallPartsTest {
    @Test
    void ipv6LiteralsAreBracketed() {
        assertThat(MasterAddress.tcp("::1", 5555)).isEqualTo("tcp://[::1]:5555");
        assertThat(MasterAddress.tcp("[fe80::1]", 5556)).isEqualTo("tcp://[fe80::1]:5556");
        assertThat(MasterAddress.tcp("master.local", 5555)).isEqualTo("tcp://master.local:5555");
        assertThat(MasterAddress.tcp("10.0.0.1", 5556)).isEqualTo("tcp://10.0.0.1:5556");
    }

    @Test
    void durationsPrintAsTheOptionTakesThem() {
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(25))).isEqualTo("25s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void pythonReprOfAList() {
        assertThat(PythonRepr.list(List.of("pip3", "it's"))).isEqualTo("['pip3', 'it\\'s']");
    }

    @Test
    void refusesRootAndAClockInThePast() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(new StartupChecks(() -> 0, () -> now).refusal()).isEqualTo("Slave must not be run as root");
        assertThat(new StartupChecks(() -> 0, () -> now).refusal(true)).isNull();
        assertThat(new StartupChecks(() -> 1000, () -> Instant.parse("2020-05-31T23:59:59Z")).refusal())
                .isEqualTo("System clock is far in the past");
        assertThat(new StartupChecks(() -> 1000, () -> now).refusal()).isNull();
    }

    @Test
    void theEffectiveUidIsWhatIdSays() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        id.waitFor();
        assertThat(StartupChecks.procEffectiveUid()).isEqualTo(Long.parseLong(uid));
    }

    @Test
    void randomWaitsAreWholeSecondsInRange() {
        for (int i = 0; i < 200; i++) {
            Duration d = Slave.randomBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(d.toMillis() % 1000).isZero();
            assertThat(d.toSeconds()).isBetween(5L, 10L);
            assertThat(Slave.randomBetween(Duration.ofMillis(100), Duration.ofMillis(200)).toMillis()).isBetween(100L, 200L);
        }
    }

    @Test
    void tagsOfDebiansPython() throws Exception {
        PythonTags tags = PythonTags.query("/usr/bin/python3");
        assertThat(tags.pyVersion()).matches("3\\d+");
        assertThat(tags.abi()).isEqualTo("cp" + tags.pyVersion());
        assertThat(tags.platform()).startsWith("linux_").doesNotContain("-", ".");
    }
}
