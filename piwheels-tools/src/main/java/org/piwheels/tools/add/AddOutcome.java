package org.piwheels.tools.add;

import java.util.Map;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.tools.importqueue.ToolFailure;

/** What piw-add makes of the master's reply (components spec §12.2 step 7). */
final class AddOutcome {
    private static final Map<String, String> DONE = Map.of(
            "NEWPKG", "Added package successfully",
            "UPDPKG", "Updated package successfully",
            "NEWVER", "Added version successfully",
            "UPDVER", "Updated version successfully");

    private AddOutcome() {
    }

    /**
     * @return the success message
     * @throws ToolFailure for a refusal or anything piw-add does not expect
     */
    static String of(AdminReply reply, String packageName) {
        if (reply instanceof Done && DONE.containsKey(((Done) reply).result())) {
            return DONE.get(((Done) reply).result());
        }
        if (reply instanceof org.piwheels.protocol.messages.AdminProtocol.Error) {
            String word = ((org.piwheels.protocol.messages.AdminProtocol.Error) reply).message();
            switch (word) {
                case "NOPKG":
                    throw new ToolFailure("Package " + packageName + " does not exist - add it with piw-add first");
                case "SKIPPKG":
                    throw new ToolFailure("Cannot skip a known package with piw-add - use piw-remove instead");
                case "SKIPVER":
                    throw new ToolFailure("Cannot skip a known version with piw-add - use piw-remove instead");
                case "YANKVER":
                    throw new ToolFailure("Cannot yank a known version with piw-add - use piw-remove instead");
                default:
                    throw new ToolFailure("The master refused: " + word);
            }
        }
        throw new ToolFailure("Unexpected response from master: " + reply);
    }
}
