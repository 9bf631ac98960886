package org.piwheels.tools.logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.piwheels.protocol.records.PipRequest;

/**
 * The installer facts pip and uv put in their user agent as JSON after the product
 * token (components spec §15.4). Anything that is not a JSON object, and any
 * sub-object that is missing, {@code null} or not an object, gives nils (0.23
 * crashes on some of these; we treat them as missing).
 *
 * <p>A mirror's log repeats the same few hundred user agents endlessly, so the facts of
 * the most recent ones are remembered rather than parsed from JSON again.
 */
final class UserAgentData {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // as Python's json.loads
    private static final int MAX_AGENT = 200;
    private static final int REMEMBERED = 512;
    /** Per thread, as piw-logger reads on one; least recently used agents are forgotten first. */
    private static final ThreadLocal<Map<String, Facts>> RECENT = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Facts> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** The nine user-data fields of one user agent. */
    private record Facts(String arch, String distroName, String distroVersion, String osName, String osVersion,
                         String pyName, String pyVersion, String installerName, String installerVersion,
                         String setuptoolsVersion) {
    }

    private UserAgentData() {
    }

    /** A download or search record: the nine user-data fields from the agent's JSON. */
    static PipRequest pipRequest(String name, String host, Instant time, String userAgent) {
        Facts f = RECENT.get().computeIfAbsent(userAgent, UserAgentData::facts);
        return new PipRequest(name, host, time, f.arch, f.distroName, f.distroVersion, f.osName, f.osVersion,
                f.pyName, f.pyVersion, f.installerName, f.installerVersion, f.setuptoolsVersion);
    }

    private static Facts facts(String userAgent) {
        JsonNode d = json(userAgent);
        JsonNode distro = object(d, "distro");
        boolean hasDistro = distro != null && distro.size() > 0;
        JsonNode system = object(d, "system");
        JsonNode impl = object(d, "implementation");
        JsonNode installer = object(d, "installer");
        return new Facts(
                text(d, "cpu"),
                hasDistro ? text(distro, "name") : null,
                hasDistro ? text(distro, "version") : null,
                text(system, "name"),
                text(system, "release"),
                impl != null ? text(impl, "name") : "CPython",
                impl != null ? text(impl, "version") : text(d, "python"),
                text(installer, "name"),
                text(installer, "version"),
                text(d, "setuptools_version"));
    }

    /** The product token: text before the first {@code /}, NULs removed, lower case, at most 200 characters. */
    static String shortAgent(String userAgent) {
        int slash = userAgent.indexOf('/');
        String s = (slash < 0 ? userAgent : userAgent.substring(0, slash)).replace("\0", "").toLowerCase(Locale.ROOT);
        return s.length() > MAX_AGENT ? s.substring(0, MAX_AGENT) : s;
    }

    private static JsonNode json(String ua) {
        int brace = ua.indexOf('{');
        if (brace < 0 || !(ua.startsWith("pip/") || ua.startsWith("uv/"))) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(ua.substring(brace));
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode object(JsonNode parent, String key) {
        JsonNode n = parent == null ? null : parent.get(key);
        return n != null && n.isObject() ? n : null;
    }

    private static String text(JsonNode parent, String key) {
        JsonNode n = parent == null ? null : parent.get(key);
        return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
    }
}
