package org.consortia.mpc.node.analysis;

/**
 * The fixed vocabulary of what crosses a node boundary about a failure (with the phase and the party). The
 * detail behind a code stays in the local node's log and in the record its own operators read.
 */
public enum ErrorCode {
    /** The job spec is malformed or outside the node's limits. */
    SPEC_INVALID,
    /** A node's policy refused the job. */
    POLICY_REFUSED,
    /** A node's data or model does not fit the job (missing, malformed, other shape). */
    INPUT_INVALID,
    /** A node refused a read or a reveal that the job's facts did not declare. */
    UNDECLARED_ACCESS,
    /** A check opened by the job failed (e.g. the parties hold different keys). */
    CHECK_FAILED,
    /** The connection to a peer is gone. */
    PEER_LOST,
    /** A peer did not answer in time. */
    TIMEOUT,
    /** A peer sent something malformed or out of order. */
    PROTOCOL_ERROR,
    /** The job was cancelled. */
    CANCELLED,
    /** A node stopped (SIGTERM, or a restart after a crash) while the job ran. */
    NODE_STOPPED,
    /** A node ran out of memory for the job (its detail, in the local log, names the limit). */
    RESOURCE_EXHAUSTED,
    /** A node could not write its audit log or job records durably (e.g. a full disk). */
    STATE_UNWRITABLE,
    /** Anything else (the local log has the detail). */
    INTERNAL;

    /** The code for {@code name}, or {@link #INTERNAL} for anything outside the vocabulary. */
    public static ErrorCode parse(String name) {
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
