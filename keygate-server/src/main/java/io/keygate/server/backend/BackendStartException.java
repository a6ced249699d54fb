package io.keygate.server.backend;

/** The managed backend did not come up; the message carries the end of its log. */
public class BackendStartException extends RuntimeException {
    public BackendStartException(String message) {
        super(message);
    }

    public BackendStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
