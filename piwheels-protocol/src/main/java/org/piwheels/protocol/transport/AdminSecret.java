package org.piwheels.protocol.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The user name and password that the master's local admin queues (control, status,
 * import, log) ask of their clients, through ZeroMQ's PLAIN mechanism. They are kept in
 * a file only the piwheels group can read (mode 0640), by default
 * {@value #DEFAULT_FILE}: one line {@code USER:PASSWORD}; blank lines and lines starting
 * with {@code #} are ignored. The user is not a system account, only a name the master
 * logs; PLAIN sends both in clear text, which is fine on loopback.
 *
 * @param user     the user name (1–255 bytes, no colon, no white space)
 * @param password the password (1–255 bytes, no white space)
 */
public record AdminSecret(String user, String password) {
    /** Where the packages keep the credentials. */
    public static final String DEFAULT_FILE = "/etc/piwheels/admin.secret";
    /** The user name of generated credentials. */
    public static final String DEFAULT_USER = "piwheels";
    /** Owner reads and writes, the group reads, nobody else. */
    public static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-r-----");

    /** Checks both parts. */
    public AdminSecret {
        check("user name", user);
        check("password", password);
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("the admin user name may not hold a colon");
        }
    }

    private static void check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the admin " + what + " is empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("the admin " + what + " is longer than 255 bytes");
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the admin " + what + " holds white space or control characters");
        }
    }

    /** @return fresh credentials: user {@value #DEFAULT_USER}, a random password of 256 bits */
    public static AdminSecret generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new AdminSecret(DEFAULT_USER, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /**
     * Reads a credentials file.
     *
     * @throws IOException with a message naming the file and, when it cannot be read for
     *                     lack of permission, what to do about it
     */
    public static AdminSecret read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read the admin secret " + file + ": permission denied\n"
                    + "run as a member of the piwheels group, or give --admin-secret a file you can read", e);
        } catch (NoSuchFileException e) {
            throw new IOException("the admin secret " + file + " does not exist\n"
                    + "give --admin-secret the file piw-master uses (the piwheels-common package makes "
                    + DEFAULT_FILE + ")", e);
        } catch (IOException e) {
            throw new IOException("cannot read the admin secret " + file + ": " + e.getMessage(), e);
        }
        AdminSecret found = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (found != null) {
                throw new IOException(file + " is not an admin secret: it must hold one line USER:PASSWORD, not more");
            }
            if (colon <= 0 || colon == line.length() - 1) {
                throw new IOException(file + " is not an admin secret: it must hold one line USER:PASSWORD");
            }
            try {
                found = new AdminSecret(line.substring(0, colon), line.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        if (found == null) {
            throw new IOException(file + " is not an admin secret: it holds no line USER:PASSWORD");
        }
        return found;
    }

    /**
     * Writes these credentials to a new file, mode 0640 from the moment it exists.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public void write(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PERMISSIONS));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, "# piwheels admin queues, PLAIN user:password; keep it mode 0640, group piwheels\n"
                + user + ":" + password + "\n", StandardCharsets.UTF_8);
    }

    /** @return whether a PLAIN handshake's user name and password are these, compared in constant time */
    public boolean matches(byte[] givenUser, byte[] givenPassword) {
        boolean u = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), givenUser);
        boolean p = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), givenPassword);
        return u & p;
    }

    /** Makes a socket a PLAIN client with these credentials; call before connecting it. */
    public <T extends QueueSocket> T secureClient(T socket) {
        if (!socket.zmq().setPlainUsername(user.getBytes(StandardCharsets.UTF_8))
                || !socket.zmq().setPlainPassword(password.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("JeroMQ refused the PLAIN credentials");
        }
        return socket;
    }

    @Override
    public String toString() {
        return "AdminSecret[" + user + ", password hidden]";
    }
}
