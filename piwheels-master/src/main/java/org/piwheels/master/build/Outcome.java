package org.piwheels.master.build;

import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.records.FileState;

/** What the slave driver must do about a slave's request, as decided by {@link SlaveReplies}. */
sealed interface Outcome {
    /** Send this reply. @param reply the reply */
    record Reply(MasterReply reply) implements Outcome {
    }

    /** Send nothing (BYE). */
    record Silence() implements Outcome {
    }

    /** Tell the file receiver to expect the file, then reply SEND. @param file the file */
    record SendFile(FileState file) implements Outcome {
    }

    /** Ask the file receiver whether the file arrived intact, then ask {@link SlaveReplies#afterVerify}. @param file the file */
    record VerifyFile(FileState file) implements Outcome {
    }

    /**
     * Log the build, ask for its log page and its project page (and the simple index
     * too when files were added), reply DONE.
     *
     * @param filesAdded whether files were published (web BOTH instead of PROJECT)
     */
    record RecordBuild(boolean filesAdded) implements Outcome {
    }
}
