package org.piwheels.master;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.piwheels.protocol.transport.AdminSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master's side of {@code --admin-secret}: read the file, or make it when it is missing and may be made. */
final class AdminSecrets {
    private static final Logger LOG = LoggerFactory.getLogger("master");

    private AdminSecrets() {
    }

    /**
     * @return the credentials in {@code file}; if there is no such file but its directory
     *         is writable, fresh ones written there (mode 0640)
     * @throws IOException with a message saying what is wrong and how to fix it
     */
    static AdminSecret readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return AdminSecret.read(file);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("the admin secret " + file + " does not exist and cannot be made there\n"
                    + "install piwheels-common (it makes " + AdminSecret.DEFAULT_FILE + "), or create the file\n"
                    + "(one line USER:PASSWORD, mode 0640, group piwheels), or give --admin-secret a file in a\n"
                    + "directory piw-master can write to, or run with --admin-auth off to let piwheels 0.23 tools\n"
                    + "(and any local user) connect");
        }
        AdminSecret fresh = AdminSecret.generate();
        try {
            fresh.write(file);
        } catch (FileAlreadyExistsException e) {
            return AdminSecret.read(file); // made meanwhile by someone else
        }
        LOG.info("created the admin secret {} (mode 0640) with a random password; tools and monitors need to read it",
                file);
        return fresh;
    }
}
