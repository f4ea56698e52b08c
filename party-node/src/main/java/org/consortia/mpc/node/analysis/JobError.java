package org.consortia.mpc.node.analysis;

import org.consortia.mpc.runtime.session.JobRunner;

/**
 * A job failure with its {@link ErrorCode}. The message is the local detail: it may name the node's own files
 * and counts and goes to the local log only, never to a peer, the dealer or an API client.
 */
public final class JobError extends RuntimeException implements JobRunner.Fatal {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public JobError(ErrorCode code, String localDetail) {
        super(localDetail);
        this.code = code;
    }

    public JobError(ErrorCode code, String localDetail, Throwable cause) {
        super(localDetail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
