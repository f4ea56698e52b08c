package org.consortia.mpc.node.control;

/** A policy refused a job (HTTP 403): the message names the node and the rule. */
public final class PolicyRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyRefusal(String message) {
        super(message);
    }
}
