package org.piwheels.tools.remove;

import java.util.Map;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.tools.importqueue.ToolFailure;

/** What piw-remove makes of the master's reply (components spec §13.2 step 4). */
final class RemoveOutcome {
    private static final Map<String, String> DONE = Map.of(
            "DELPKG", "Removed package successfully",
            "DELVER", "Removed version successfully",
            "DELPKGBLD", "Removed builds for package successfully",
            "DELVERBLD", "Removed builds for version successfully",
            "SKIPPKG", "Skipped package successfully",
            "SKIPVER", "Skipped version successfully",
            "YANKVER", "Yanked version successfully");

    private RemoveOutcome() {
    }

    /**
     * @return the success message
     * @throws ToolFailure for a refusal or anything piw-remove does not expect
     */
    static String of(AdminReply reply, String packageName, String version) {
        if (reply instanceof Done && DONE.containsKey(((Done) reply).result())) {
            return DONE.get(((Done) reply).result());
        }
        if (reply instanceof org.piwheels.protocol.messages.AdminProtocol.Error) {
            String word = ((org.piwheels.protocol.messages.AdminProtocol.Error) reply).message();
            if (word.equals("NOPKG")) {
                throw new ToolFailure("Package " + packageName + " does not exist");
            } else if (word.equals("NOVER")) {
                throw new ToolFailure("Version " + packageName + " " + version + " does not exist");
            }
            throw new ToolFailure("The master refused: " + word);
        }
        throw new ToolFailure("Unexpected response from master: " + reply);
    }
}
