package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --debug TASK}: the 0.23 task names and ours, as shell patterns, become the 0.23 logger names. */
class TaskNamesTest {

    @Test
    void eitherSpellingNamesTheSameTask() {
        assertThat(TaskNames.expand(List.of("master.slave_driver"))).containsExactly("master.slave_driver");
        assertThat(TaskNames.expand(List.of("SlaveDriver"))).containsExactly("master.slave_driver");
        assertThat(TaskNames.expand(List.of("FileReceiver", "master.file_juggler"))).containsExactly("master.file_juggler");
    }

    @Test
    void patternsMatchEitherSpelling() {
        assertThat(TaskNames.expand(List.of("Database*"))).containsExactly("master.seraph", "master.the_oracle_1",
                "master.the_oracle_2", "master.the_oracle_3");
        assertThat(TaskNames.expand(List.of("master.the_oracle_?"))).containsExactly("master.the_oracle_1",
                "master.the_oracle_2", "master.the_oracle_3");
        assertThat(TaskNames.expand(List.of("master.*"))).containsAll(TaskNames.ALL.keySet())
                .hasSize(TaskNames.ALL.size());
    }

    @Test
    void masterAloneIsTheMainLoopAndUnknownNamesMatchNothing() {
        assertThat(TaskNames.expand(List.of("master"))).containsExactly("master");
        assertThat(TaskNames.expand(List.of("NoSuchTask", "master.nothing"))).isEmpty();
    }
}
