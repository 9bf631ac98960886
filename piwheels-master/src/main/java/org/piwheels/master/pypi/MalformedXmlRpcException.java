package org.piwheels.master.pypi;

/** An XML-RPC answer that is not a well-formed {@code methodResponse} (e.g. cut off mid-body). */
public final class MalformedXmlRpcException extends Exception {

    public MalformedXmlRpcException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedXmlRpcException(String message) {
        super(message);
    }
}
