package org.piwheels.protocol.transport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.zeromq.ZCert;
import org.zeromq.ZConfig;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair, or a public key alone, as kept in ZeroMQ's certificate files
 * (ZPL, the format of CZMQ's {@code zcert}: a {@code curve} section holding
 * {@code public-key} and, in the secret file, {@code secret-key}, both Z85-encoded).
 *
 * @param publicKey the 32-byte public key
 * @param secretKey the 32-byte secret key, or {@code null} for a public certificate
 */
public record CurveCertificate(byte[] publicKey, byte[] secretKey) {
    /** Permissions of a secret certificate: the owner reads and writes it, nobody else sees it. */
    public static final Set<PosixFilePermission> SECRET_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    /** Permissions of a public certificate. */
    public static final Set<PosixFilePermission> PUBLIC_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    /** Checks the key sizes. */
    public CurveCertificate {
        if (publicKey == null || publicKey.length != ZMQ.Curve.KEY_SIZE) {
            throw new IllegalArgumentException("a CURVE public key has " + ZMQ.Curve.KEY_SIZE + " bytes");
        }
        if (secretKey != null && secretKey.length != ZMQ.Curve.KEY_SIZE) {
            throw new IllegalArgumentException("a CURVE secret key has " + ZMQ.Curve.KEY_SIZE + " bytes");
        }
        publicKey = publicKey.clone();
        secretKey = secretKey == null ? null : secretKey.clone();
    }

    /** @return a fresh key pair */
    public static CurveCertificate generate() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveCertificate(ZMQ.Curve.z85Decode(pair.publicKey), ZMQ.Curve.z85Decode(pair.secretKey));
    }

    /**
     * Reads a certificate file, public or secret.
     *
     * @throws IOException if the file cannot be read or is not a CURVE certificate; the
     *                     message names the file and what is wrong
     */
    public static CurveCertificate read(Path file) throws IOException {
        ZConfig config;
        try {
            config = ZConfig.load(file.toString());
        } catch (IOException e) {
            throw new IOException("cannot read the CURVE certificate " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a ZeroMQ certificate file (ZPL): " + e.getMessage(), e);
        }
        if (config == null) {
            throw new IOException("cannot read the CURVE certificate " + file);
        }
        byte[] pub = key(file, config.getValue("curve/public-key"), "public-key");
        if (pub == null) {
            throw new IOException(file + " is not a CURVE certificate: no curve/public-key");
        }
        byte[] secret = key(file, config.getValue("curve/secret-key"), "secret-key");
        return new CurveCertificate(pub, secret);
    }

    /**
     * Reads a certificate file that must hold the secret key too.
     *
     * @throws IOException as {@link #read}, or if the file holds only a public key
     */
    public static CurveCertificate readSecret(Path file) throws IOException {
        CurveCertificate c = read(file);
        if (!c.hasSecret()) {
            throw new IOException(file + " holds no secret key; give the secret certificate (the *_secret file)");
        }
        return c;
    }

    private static byte[] key(Path file, String z85, String name) throws IOException {
        if (z85 == null || z85.isEmpty()) {
            return null;
        }
        if (z85.length() != ZMQ.Curve.KEY_SIZE_Z85) {
            throw new IOException(file + ": curve/" + name + " must be " + ZMQ.Curve.KEY_SIZE_Z85
                    + " Z85 characters, not " + z85.length());
        }
        try {
            byte[] key = ZMQ.Curve.z85Decode(z85);
            if (key == null || key.length != ZMQ.Curve.KEY_SIZE) {
                throw new IOException(file + ": curve/" + name + " is not valid Z85");
            }
            return key;
        } catch (RuntimeException e) {
            throw new IOException(file + ": curve/" + name + " is not valid Z85", e);
        }
    }

    /** @return whether this certificate holds the secret key */
    public boolean hasSecret() {
        return secretKey != null;
    }

    /** @return the public key, Z85-encoded */
    public String publicKeyZ85() {
        return ZMQ.Curve.z85Encode(publicKey);
    }

    /** @return this certificate without its secret key */
    public CurveCertificate publicOnly() {
        return new CurveCertificate(publicKey, null);
    }

    /**
     * Writes the public certificate (mode 0644), refusing to replace an existing file.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public void writePublic(Path file) throws IOException {
        StringWriter text = new StringWriter();
        zcert().savePublic(text);
        create(file, text.toString(), PUBLIC_PERMISSIONS);
    }

    /**
     * Writes the secret certificate (mode 0600, set as the file is created, so it is never
     * readable by others), refusing to replace an existing file.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public void writeSecret(Path file) throws IOException {
        if (!hasSecret()) {
            throw new IllegalStateException("no secret key to write");
        }
        StringWriter text = new StringWriter();
        zcert().saveSecret(text);
        create(file, text.toString(), SECRET_PERMISSIONS);
    }

    private ZCert zcert() {
        return secretKey == null ? new ZCert(publicKey, null) : new ZCert(publicKey, secretKey);
    }

    private static void create(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        // the umask may have removed bits we asked for; never adds any
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveCertificate c && Arrays.equals(publicKey, c.publicKey)
                && Arrays.equals(secretKey, c.secretKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "CurveCertificate[" + publicKeyZ85() + (hasSecret() ? ", with secret]" : "]");
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }
}
