package org.consortia.mpc.node.budget;

import java.time.Duration;

/**
 * A dataset's privacy budget from the node's policy: (epsilon, delta) that all jobs reading it may spend together,
 * per {@code refresh} period if one is set ({@code null}: in total), and at most {@code maxJobsPerDay} jobs in any 24
 * hours (0: no limit).
 */
public record Budget(double epsilon, double delta, Duration refresh, int maxJobsPerDay) {
}
