package org.piwheels.master.pypi;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Sending a request to PyPI and classifying what came back; shared by both clients. */
final class PypiHttp {

    private PypiHttp() {
    }

    /** A client with the configured connect timeout that follows ordinary redirects. */
    static HttpClient newClient(PypiConfig config) {
        return HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, String what) throws PypiException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // Timeouts, refused connections, DNS failures, broken HTTP state, redirect loops.
            throw PypiException.transientFailure(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PypiException.transientFailure(what + ": interrupted", e);
        }
    }

    /** 5xx, 429 (rate limited) and 408 (request timeout) are the server's passing trouble. */
    static boolean isTransientStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    static PypiException statusFailure(String what, HttpResponse<?> response) {
        int status = response.statusCode();
        return new PypiException(what + " answered HTTP " + status,
                isTransientStatus(status), retryAfter(response), null);
    }

    /** The {@code Retry-After} delay if sent in seconds (an HTTP-date is left to our own back-off). */
    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.get().trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
