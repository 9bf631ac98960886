package org.piwheels.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A libpq connection string as piwheels takes it ({@code --dsn}): a URI such as
 * {@code postgres://user:secret@db.example:5432/piwheels?sslmode=require} or
 * {@code postgres:///piwheels}, or key/value pairs such as
 * {@code host=db dbname=piwheels user=piwheels}. JDBC cannot use libpq's local Unix
 * socket, so an empty host (or a socket directory) means {@code localhost} over TCP.
 * The user defaults to {@code PGUSER} or the login name, the password to
 * {@code PGPASSWORD}, as libpq does.
 *
 * @param host     host name or address
 * @param port     port
 * @param database database name
 * @param user     role to connect as
 * @param password password, or null
 * @param options  other parameters, passed to the JDBC driver
 */
public record Dsn(String host, int port, String database, String user, String password, Map<String, String> options) {

    /**
     * Parses a connection string.
     *
     * @throws IllegalArgumentException if it is neither form
     */
    public static Dsn parse(String dsn) {
        String s = dsn.strip();
        if (s.startsWith("postgres://") || s.startsWith("postgresql://")) {
            return parseUri(s.substring(s.indexOf("://") + 3));
        }
        if (s.contains("=")) {
            return parseKeyValues(s);
        }
        throw new IllegalArgumentException("not a PostgreSQL connection string: " + dsn);
    }

    private static Dsn parseUri(String rest) {
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String creds = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = creds.indexOf(':');
            user = decode(colon >= 0 ? creds.substring(0, colon) : creds);
            password = colon >= 0 ? decode(creds.substring(colon + 1)) : null;
        }
        String host = rest;
        Integer port = null;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address in connection string");
            }
            if (host.length() > end + 2 && host.charAt(end + 1) == ':') {
                port = parsePort(host.substring(end + 2));
            }
            host = host.substring(0, end + 1);
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                port = parsePort(host.substring(colon + 1));
                host = host.substring(0, colon);
            }
        }
        host = options.getOrDefault("host", host);
        options.remove("host");
        if (options.containsKey("port")) {
            port = parsePort(options.remove("port"));
        }
        if (options.containsKey("user")) {
            user = options.remove("user");
        }
        if (options.containsKey("password")) {
            password = options.remove("password");
        }
        if (options.containsKey("dbname")) {
            database = options.remove("dbname");
        }
        return build(host, port, database, user, password, options);
    }

    private static Dsn parseKeyValues(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : s.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid connection string item: " + part);
            }
            kv.put(part.substring(0, eq), unquote(part.substring(eq + 1)));
        }
        String host = kv.remove("host");
        String port = kv.remove("port");
        return build(host, port == null ? null : parsePort(port), kv.remove("dbname"), kv.remove("user"),
                kv.remove("password"), kv);
    }

    private static Dsn build(String host, Integer port, String database, String user, String password,
                             Map<String, String> options) {
        if (host == null || host.isEmpty() || host.startsWith("/")) {
            host = "localhost"; // libpq's Unix socket: reach the same server over loopback TCP
        }
        if (user == null || user.isEmpty()) {
            user = System.getenv().getOrDefault("PGUSER", System.getProperty("user.name"));
        }
        if (database == null || database.isEmpty()) {
            database = user;
        }
        if (password == null) {
            password = System.getenv("PGPASSWORD");
        }
        return new Dsn(host, port == null ? 5432 : port, database, user, password, Map.copyOf(options));
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in connection string: " + s);
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** @return the JDBC URL (without user and password) */
    public String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        char sep = '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=')
                    .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    /** @return a pool configuration for this connection string */
    public DatabaseConfig toConfig(int poolSize) {
        return new DatabaseConfig(jdbcUrl(), user, password, poolSize);
    }

    @Override
    public String toString() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }
}
