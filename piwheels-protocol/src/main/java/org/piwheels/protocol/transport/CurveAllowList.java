package org.piwheels.protocol.transport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The directory of public certificates whose holders a CURVE server accepts. It is read
 * again at every handshake, so adding or removing a file takes effect for the next
 * connection without a restart. Hidden files and secret certificates ({@code *_secret})
 * are skipped; a file that is not a certificate is logged and skipped.
 */
public final class CurveAllowList implements ZapPolicy {
    private static final Logger LOG = LoggerFactory.getLogger("transport.zap");

    private final Path directory;

    /**
     * @param directory the allow-list directory
     * @throws IOException if it is not a readable directory
     */
    public CurveAllowList(Path directory) throws IOException {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            throw new IOException("the CURVE allow-list " + directory + " is not a readable directory");
        }
        this.directory = directory;
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /** @return whether a certificate in the directory holds this public key */
    public boolean allows(byte[] publicKey) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || name.endsWith("_secret") || !Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    if (Arrays.equals(CurveCertificate.read(f).publicKey(), publicKey)) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping {} in the CURVE allow-list: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot read the CURVE allow-list {}: {}", directory, e.getMessage());
        }
        return false;
    }

    @Override
    public String authenticate(String mechanism, List<byte[]> credentials, String address) {
        if (!"CURVE".equals(mechanism) || credentials.size() != 1 || credentials.get(0).length != ZMQ.Curve.KEY_SIZE) {
            LOG.warn("refused a {} handshake from {}: only CURVE clients are accepted", mechanism, address);
            return null;
        }
        byte[] key = credentials.get(0);
        String z85 = ZMQ.Curve.z85Encode(key);
        if (allows(key)) {
            LOG.debug("accepted CURVE key {} from {}", z85, address);
            return z85;
        }
        LOG.warn("refused CURVE key {} from {}: not in {}", z85, address, directory);
        return null;
    }
}
