package org.consortia.mpc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The node answered with a status other than the one the request expects (401: not one of its API clients; 403:
 * roles or policy; 404: unknown job; 409: no result; 503: not ready, or busy). The message is the status and the
 * node's reason, at most 500 characters; it never holds the token.
 */
public final class ApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final Duration retryAfter;

    ApiException(int status, String reason, String code, Duration retryAfter) {
        super("HTTP " + status + ": " + reason);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The node's code for the refusal when it gives one (e.g. {@code BUSY}). */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** With a 503 BUSY: how long to wait before submitting again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
