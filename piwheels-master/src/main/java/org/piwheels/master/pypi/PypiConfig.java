package org.piwheels.master.pypi;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where PyPI is and how to talk to it.
 *
 * @param xmlrpc    {@code --pypi-xmlrpc}: the XML-RPC endpoint; its scheme is honoured
 *                  (0.23 forced https, which made a loopback fake impossible)
 * @param json      {@code --pypi-json}: the JSON API root; {@code <json>/<name>/json} is fetched
 * @param simple    {@code --pypi-simple}: the simple index, whose PEP 691 JSON listing of every
 *                  project with its {@code _last-serial} the follower reconciles against (beyond 0.23)
 * @param userAgent sent with every request so PyPI's admins can tell who is calling
 * @param timeout   for connecting and for each whole request (0.23: 10 s)
 */
public record PypiConfig(URI xmlrpc, URI json, URI simple, String userAgent, Duration timeout) {

    public static final URI DEFAULT_XMLRPC = URI.create("https://pypi.org/pypi");
    public static final URI DEFAULT_JSON = URI.create("https://pypi.org/pypi");
    public static final URI DEFAULT_SIMPLE = URI.create("https://pypi.org/simple/");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public PypiConfig {
        Objects.requireNonNull(xmlrpc, "xmlrpc");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(simple, "simple");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The given endpoints with a User-Agent naming an unknown version and the default timeout. */
    public static PypiConfig of(URI xmlrpc, URI json) {
        return of(xmlrpc, json, "unknown");
    }

    /** The given endpoints with the User-Agent for {@code version} and the default timeout. */
    public static PypiConfig of(URI xmlrpc, URI json, String version) {
        return new PypiConfig(xmlrpc, json, DEFAULT_SIMPLE, userAgent(version), DEFAULT_TIMEOUT);
    }

    /** {@code piwheels/<version>} as 0.23 sent, plus what we are, so PyPI can tell the two apart. */
    public static String userAgent(String version) {
        return "piwheels/" + version + " (piwheels-java; +https://www.piwheels.org/)";
    }

    public PypiConfig withTimeout(Duration newTimeout) {
        return new PypiConfig(xmlrpc, json, simple, userAgent, newTimeout);
    }

    public PypiConfig withSimple(URI newSimple) {
        return new PypiConfig(xmlrpc, json, newSimple, userAgent, timeout);
    }
}
