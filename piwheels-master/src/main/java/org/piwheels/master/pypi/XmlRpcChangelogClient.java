package org.piwheels.master.pypi;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** {@code changelog_since_serial} over XML-RPC on {@code --pypi-xmlrpc}. */
public final class XmlRpcChangelogClient implements ChangelogSource {

    private final HttpClient http;
    private final PypiConfig config;

    public XmlRpcChangelogClient(HttpClient http, PypiConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public List<ChangelogRow> changelogSince(long serial) throws PypiException {
        Object result = call("changelog_since_serial", serial);
        if (!(result instanceof List<?> rows)) {
            throw PypiException.rejected("changelog_since_serial returned " + describe(result));
        }
        List<ChangelogRow> parsed = new ArrayList<>(rows.size());
        for (Object row : rows) {
            parsed.add(row(row));
        }
        return parsed;
    }

    /** {@code changelog_last_serial} (beyond 0.23): PyPI's newest serial, to measure a gap. */
    public long lastSerial() throws PypiException {
        Object result = call("changelog_last_serial");
        if (!(result instanceof Long serial)) {
            throw PypiException.rejected("changelog_last_serial returned " + describe(result));
        }
        return serial;
    }

    private Object call(String method, Object... params) throws PypiException {
        HttpRequest request = HttpRequest.newBuilder(config.xmlrpc())
                .timeout(config.timeout())
                .header("User-Agent", config.userAgent())
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(XmlRpcRequest.encode(method, params)))
                .build();
        HttpResponse<byte[]> response = PypiHttp.send(http, request, method);
        if (response.statusCode() != 200) {
            throw PypiHttp.statusFailure(method, response);
        }
        try {
            return XmlRpcResponseParser.parse(response.body());
        } catch (XmlRpcFault fault) {
            if (fault.code() == XmlRpcFault.TOO_MANY_REQUESTS) {
                throw PypiException.transientFailure(method + ": PyPI asks us to slow down", fault);
            }
            throw new PypiException(method + ": " + fault.getMessage(), false, null, fault);
        } catch (MalformedXmlRpcException e) {
            // Nearly always a body cut off in transit; asking again later is the cure.
            throw PypiException.transientFailure(method + ": " + e.getMessage(), e);
        }
    }

    private static ChangelogRow row(Object row) throws PypiException {
        if (row instanceof List<?> fields && fields.size() >= 5
                && fields.get(0) instanceof String name
                && (fields.get(1) == null || fields.get(1) instanceof String)
                && fields.get(2) instanceof Long timestamp
                && fields.get(3) instanceof String action
                && fields.get(4) instanceof Long serial) {
            return new ChangelogRow(name, (String) fields.get(1), timestamp, action, serial);
        }
        throw PypiException.rejected("malformed changelog row " + describe(row));
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
