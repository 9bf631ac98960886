package org.piwheels.master.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.FileState;

/** The armv6l step and the other pure rules of the admin handler. */
class AdminRulesTest {
    private static FileState file(String name, String platform) {
        return new FileState(name, 10, "cd".repeat(32), "foo", "0.1", "cp39", "cp39", platform, ">=3.9",
                Map.of("apt", List.of("libc6")), "/simple");
    }

    @Test
    void anArmv7lWheelGetsAnIdenticalArmv6lTwin() {
        FileState v7 = file("foo-0.1-cp39-cp39-linux_armv7l.whl", "linux_armv7l");
        List<FileState> all = ArmV6Twins.withTwins(List.of(v7));
        assertThat(all).containsExactly(
                new FileState("foo-0.1-cp39-cp39-linux_armv6l.whl", 10, v7.filehash(), "foo", "0.1", "cp39", "cp39",
                        "linux_armv6l", ">=3.9", v7.dependencies(), "/simple"),
                v7);
    }

    @Test
    void noTwinForOtherPlatformsOrWhenTheBuildHasOne() {
        FileState any = file("foo-0.1-py3-none-any.whl", "any");
        FileState v7 = file("foo-0.1-cp39-cp39-linux_armv7l.whl", "linux_armv7l");
        FileState v6 = new FileState("foo-0.1-cp39-cp39-linux_armv6l.whl", 99, "ef".repeat(32), "foo", "0.1", "cp39",
                "cp39", "linux_armv6l", null, Map.of(), "/simple");
        assertThat(ArmV6Twins.withTwins(List.of(any))).containsExactly(any);
        assertThat(ArmV6Twins.withTwins(List.of(v7, v6))).containsExactly(v6, v7);
    }

    @Test
    void importStateCountsTwinsAsArrivedAndAsksForFilesByName() {
        FileState any = file("foo-0.1-py3-none-any.whl", "any");
        FileState v7 = file("foo-0.1-cp39-cp39-linux_armv7l.whl", "linux_armv7l");
        var state = new ImportInProgress(new org.piwheels.protocol.records.BuildState(5, "foo", "0.1", "cp39", true,
                java.time.Duration.ZERO, "", List.of(v7, any)));
        assertThat(state.build().slaveId()).isZero();
        assertThat(state.build().files()).hasSize(3);
        assertThat(state.nextFile()).isEqualTo(v7);
        state.arrived(v7);
        assertThat(state.nextFile()).isEqualTo(any);
        state.arrived(any);
        assertThat(state.nextFile()).isNull();
    }

    @Test
    void aliasesEndWithTheNameAsTyped() {
        assertThat(PackageAdditions.aliases("foo-bar", "Foo_Bar", List.of("Foo_Bar", "FOO-BAR")))
                .containsExactly("FOO-BAR", "foo-bar", "Foo_Bar");
        assertThat(PackageAdditions.aliases("foo", "foo", List.of())).containsExactly("foo");
    }
}
