package org.piwheels.master.clients;

/** A request over an internal queue that was answered with an error, or not at all. */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public RpcException(String message) {
        super(message);
    }

    /** @param message what went wrong @param cause why */
    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
