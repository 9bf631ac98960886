package org.piwheels.master.pypi;

/** An XML-RPC {@code <fault>} answer: the call reached the server and it refused. */
public final class XmlRpcFault extends Exception {

    /** PyPI's fault code for "too many requests". */
    public static final int TOO_MANY_REQUESTS = -32500;

    private final int code;

    public XmlRpcFault(int code, String faultString) {
        super("XML-RPC fault " + code + ": " + faultString);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
