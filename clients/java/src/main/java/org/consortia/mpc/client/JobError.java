package org.consortia.mpc.client;

/**
 * A job's failure as every API client sees it: a code, the phase it arose in and the node where it arose; never the
 * node's local detail (only that node's admins see {@link Job#detail()}).
 *
 * @param code  one of SPEC_INVALID, POLICY_REFUSED, INPUT_INVALID, UNDECLARED_ACCESS, CHECK_FAILED, PEER_LOST,
 *              TIMEOUT, PROTOCOL_ERROR, CANCELLED, NODE_STOPPED, RESOURCE_EXHAUSTED, STATE_UNWRITABLE, INTERNAL (a
 *              string, so that a newer node's code still reads)
 * @param phase the phase, e.g. {@code input check}, {@code online}
 * @param party the node's member name, e.g. {@code org-1}
 */
public record JobError(String code, String phase, String party) {
}
