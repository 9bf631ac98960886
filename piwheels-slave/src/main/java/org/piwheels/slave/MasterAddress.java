package org.piwheels.slave;

/** ZeroMQ endpoints of the master; an IPv6 literal goes in brackets. */
final class MasterAddress {
    private MasterAddress() {
    }

    static String tcp(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "tcp://" + h + ":" + port;
    }
}
