package org.consortia.mpc.node.control;

/** A policy refused a job (HTTP 409 Conflict, code POLICY_REFUSED): the message names the node and the rule. */
public final class PolicyRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyRefusal(String message) {
        super(message);
    }
}
