package org.piwheels.slave;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The first step of an offline build: downloads the sdist of exactly one version from
 * the index (then the extra index) by reading the project's PEP 503 page, in the
 * slave's own JVM. pip is not used for this because {@code pip download} of an sdist
 * runs the package's build backend to read its metadata, i.e. its {@code setup.py},
 * with the network that the offline build exists to withhold.
 */
final class SdistFetcher {
    private static final Map<String, String> DIGESTS = Map.of("sha256", "SHA-256", "sha384", "SHA-384",
            "sha512", "SHA-512", "sha224", "SHA-224", "sha1", "SHA-1", "md5", "MD5");

    /** A fetch that did not give the sdist; the message says why, for the build log. */
    static final class FetchFailed extends IOException {
        FetchFailed(String message) {
            super(message);
        }
    }

    /** One client for the slave's life: each would otherwise keep a selector thread until collected. */
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Duration poll;

    /** @param poll how often a download checks the stop flag and the deadline */
    SdistFetcher(Duration poll) {
        this.poll = poll;
    }

    /**
     * @param indexUrls    simple-index base URLs, tried in order
     * @param dest         the directory the sdist is saved in (under its index file name)
     * @param limit        how long it may take in all (zero: no limit)
     * @param stop         polled while waiting
     * @return the saved sdist
     * @throws FetchFailed when no index has it, or its download fails or does not match its hash
     */
    Path fetch(String pkg, String version, List<String> indexUrls, Path dest, Duration limit, BooleanSupplier stop)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        BooleanSupplier giveUp = () -> stop.getAsBoolean()
                || (!limit.isZero() && System.nanoTime() - start > limit.toNanos());
        List<String> misses = new ArrayList<>();
        for (String index : indexUrls) {
            URI page = URI.create(index.endsWith("/") ? index : index + "/").resolve(SimpleIndexLinks.canonical(pkg) + "/");
            HttpResponse<String> response;
            try {
                response = await(HTTP.sendAsync(request(page).header("Accept", "text/html").build(),
                        HttpResponse.BodyHandlers.ofString()), giveUp);
            } catch (IOException e) {
                misses.add(page + ": " + e.getMessage());
                continue;
            }
            if (response.statusCode() != 200) {
                misses.add(page + ": HTTP " + response.statusCode());
                continue;
            }
            List<SimpleIndexLinks.Link> links = SimpleIndexLinks.parse(response.uri(), response.body());
            SimpleIndexLinks.Link sdist = SimpleIndexLinks.sdistOf(links, pkg, version);
            if (sdist == null) {
                List<String> others = SimpleIndexLinks.sdists(links).stream().map(SimpleIndexLinks.Link::filename).toList();
                misses.add(page + ": no sdist of version " + version + " among " + others.size() + " sdist(s)"
                        + (others.isEmpty() ? "" : " (" + String.join(", ", others.subList(Math.max(0, others.size() - 5),
                        others.size())) + (others.size() > 5 ? ", ..." : "") + ")"));
                continue;
            }
            return download(sdist, dest, giveUp);
        }
        throw new FetchFailed("no sdist of " + pkg + " " + version + " found: " + String.join("; ", misses));
    }

    private Path download(SimpleIndexLinks.Link link, Path dest, BooleanSupplier giveUp)
            throws IOException, InterruptedException {
        Path part = Files.createTempFile(dest, ".fetch-", ".part");
        try {
            HttpResponse<Path> response;
            try {
                response = await(HTTP.sendAsync(request(link.url()).build(), HttpResponse.BodyHandlers.ofFile(part)),
                        giveUp);
            } catch (IOException e) {
                throw new FetchFailed("cannot download " + link.url() + ": " + e.getMessage());
            }
            if (response.statusCode() != 200) {
                throw new FetchFailed("cannot download " + link.url() + ": HTTP " + response.statusCode());
            }
            if (link.hashName() != null && DIGESTS.containsKey(link.hashName())) {
                String actual = digest(part, DIGESTS.get(link.hashName()));
                if (!actual.equals(link.hashValue())) {
                    throw new FetchFailed(link.url() + " does not match its index's " + link.hashName() + " (index says "
                            + link.hashValue() + ", the download is " + actual + ")");
                }
            }
            return Files.move(part, dest.resolve(link.filename()), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("User-Agent", "piw-slave/" + PiwSlave.VERSION);
    }

    /** Waits for the exchange, giving up (and cancelling it) when asked to stop or out of time. */
    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> exchange, BooleanSupplier giveUp)
            throws IOException, InterruptedException {
        try {
            while (true) {
                if (giveUp.getAsBoolean()) {
                    throw new IOException("stopped or out of time");
                }
                try {
                    return exchange.get(poll.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // poll again
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
        } finally {
            exchange.cancel(true);
        }
    }

    private static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
