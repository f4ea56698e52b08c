package org.consortia.mpc.runtime;

import org.consortia.mpc.sharing.MpcException;

/** A joint job failed; the message names the party, the peer and the phase where it first went wrong. */
public class JobFailedException extends MpcException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
