package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MasterControlProtocol.Kill;
import org.piwheels.protocol.messages.MasterControlProtocol.Quit;
import org.piwheels.protocol.messages.MasterControlProtocol.Skip;
import org.piwheels.protocol.messages.MasterControlProtocol.Sleep;
import org.piwheels.protocol.messages.MasterControlProtocol.Wake;

/**
 * Key presses in, control messages out: each dialog choice of components spec §8.4,
 * received by the fake master's PULL socket. One monitor serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlMessagesTest {
    private MonitorFixture f;

    @BeforeAll
    void connect() {
        f = new MonitorFixture(new TerminalSize(100, 30), Duration.ofHours(1));
        f.connect(MonitorFixture.recordedPicture(10));
    }

    @AfterAll
    void close() throws IOException {
        f.close();
    }

    @BeforeEach
    void backToTheMasterRow() {
        f.press(KeyType.Escape);
        f.press(KeyType.Home);
        f.master.takeReceived();
    }

    static Stream<Arguments> masterChoices() {
        return Stream.of(
                Arguments.of('p', List.of(new Sleep(null))),
                Arguments.of('h', List.of(new Sleep(null), new Skip(null))),
                Arguments.of('r', List.of(new Wake(null))),
                Arguments.of('s', List.of(new Kill(null))),
                Arguments.of('k', List.of(new Kill(null), new Skip(null))),
                Arguments.of('m', List.of(new Quit())));
    }

    static Stream<Arguments> slaveChoices() {
        return Stream.of(
                Arguments.of('i', List.of(new Skip(1L))),
                Arguments.of('p', List.of(new Sleep(1L))),
                Arguments.of('h', List.of(new Sleep(1L), new Skip(1L))),
                Arguments.of('r', List.of(new Wake(1L))),
                Arguments.of('s', List.of(new Kill(1L))),
                Arguments.of('k', List.of(new Kill(1L), new Skip(1L))));
    }

    @ParameterizedTest
    @MethodSource("masterChoices")
    void masterDialogChoiceSendsItsMessages(char hotKey, List<ControlRequest> expected) {
        f.press(KeyType.Enter);
        assertThat(f.text.all()).contains("Master Control").contains("Master piwheels-master");
        f.press(hotKey);
        f.press('o');
        assertThat(f.text.all()).doesNotContain("Master Control");
        assertThat(receive(expected.size())).isEqualTo(expected);
        assertThat(f.text.row(29)).contains("Sent ");
    }

    @ParameterizedTest
    @MethodSource("slaveChoices")
    void slaveDialogChoiceSendsItsMessages(char hotKey, List<ControlRequest> expected) {
        f.press('j');
        f.press(KeyType.Enter);
        assertThat(f.text.all()).contains("Slave Control").contains("Slave 1 slave1");
        f.press(hotKey);
        f.press('o');
        assertThat(receive(expected.size())).isEqualTo(expected);
    }

    @Test
    void statusBarSaysWhatWasSent() {
        f.press('j');
        f.press(KeyType.Enter);
        f.press('k');
        f.press('o');
        receive(2);
        assertThat(f.text.row(29)).contains("Sent KILL slave 1, SKIP slave 1");
    }

    @Test
    void hotKeyMovesTheRadioMark() {
        f.press(KeyType.Enter);
        assertThat(f.text.all()).contains("(*) Pause").contains("( ) Halt");
        f.press('h');
        assertThat(f.text.all()).contains("( ) Pause").contains("(*) Halt");
        int row = f.text.rowOf("(*) Halt");
        int col = f.text.row(row).indexOf("Halt");
        assertThat(f.text.cell(col, row).isUnderlined()).isTrue();
        assertThat(f.text.cell(col + 1, row).isUnderlined()).isFalse();
    }

    @Test
    void cancelledDialogsSendNothing() {
        f.press(KeyType.Enter);
        f.press('k');
        f.press('c');
        f.press('j');
        f.press(KeyType.Enter);
        f.press('s');
        f.press(KeyType.Escape);
        f.press(KeyType.Enter);
        f.press(KeyType.Tab);
        f.press(KeyType.ArrowRight);
        f.press(KeyType.Enter); // Cancel has the focus
        f.pumpFor(Duration.ofMillis(300));
        assertThat(f.master.takeReceived()).isEmpty();
        assertThat(f.text.all()).doesNotContain("Control");
    }

    @Test
    void enterOnTheOkButtonConfirms() {
        f.press(KeyType.Enter);
        f.press('r');
        f.press(KeyType.Tab);
        f.press(KeyType.Enter);
        assertThat(receive(1)).containsExactly(new Wake(null));
    }

    private List<ControlRequest> receive(int count) {
        List<ControlRequest> got = new java.util.ArrayList<>();
        f.pumpUntil(() -> {
            got.addAll(f.master.takeReceived());
            return got.size() >= count;
        });
        f.pumpFor(Duration.ofMillis(50)); // nothing more should follow
        got.addAll(f.master.takeReceived());
        return got;
    }
}
