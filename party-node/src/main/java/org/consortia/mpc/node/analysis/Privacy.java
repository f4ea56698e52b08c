package org.consortia.mpc.node.analysis;

/**
 * A job's privacy cost, (epsilon, delta) by the basic composition of its releases, charged to every dataset with a
 * budget that the job reads.
 */
public record Privacy(double epsilon, double delta) {
    public Privacy {
        if (!(epsilon > 0 && epsilon <= 100) || !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("privacy cost: epsilon " + epsilon + " (0 to 100), delta " + delta + " (0 to 1)");
        }
    }
}
