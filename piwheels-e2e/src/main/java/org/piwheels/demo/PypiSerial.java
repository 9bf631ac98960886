package org.piwheels.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.piwheels.master.pypi.MalformedXmlRpcException;
import org.piwheels.master.pypi.PypiConfig;
import org.piwheels.master.pypi.XmlRpcFault;
import org.piwheels.master.pypi.XmlRpcRequest;
import org.piwheels.master.pypi.XmlRpcResponseParser;

/** Asks a PyPI for its current changelog serial (XML-RPC {@code changelog_last_serial}). */
final class PypiSerial {
    private PypiSerial() {
    }

    static long current(URI xmlrpc) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(xmlrpc).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml")
                .header("User-Agent", PypiConfig.userAgent("0.23"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(XmlRpcRequest.encode("changelog_last_serial")))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(xmlrpc + " answered changelog_last_serial with HTTP " + response.statusCode());
        }
        try {
            Object value = XmlRpcResponseParser.parse(response.body());
            if (!(value instanceof Number)) {
                throw new IOException(xmlrpc + " answered changelog_last_serial with " + value);
            }
            return ((Number) value).longValue();
        } catch (XmlRpcFault | MalformedXmlRpcException e) {
            throw new IOException(xmlrpc + ": changelog_last_serial failed: " + e.getMessage(), e);
        }
    }
}
