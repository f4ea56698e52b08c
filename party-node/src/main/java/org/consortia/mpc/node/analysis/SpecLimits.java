package org.consortia.mpc.node.analysis;

/**
 * Upper bounds on job parameters, checked when a spec is parsed, before anything is allocated or read.
 * @param maxRows       rows of one party's dataset or input
 * @param maxColumns    features of a dataset, values of a secure-sum vector per row
 * @param maxElements   rows x columns of any input, and inference rows x model input size
 * @param maxMatrix     side of a matmul-loop matrix
 * @param maxIterations solver iterations and epochs (matmul-loop: 100 times as many)
 * @param maxOfflineSeconds the longest a job's dealer-free material ({@code offline: ot}) may take this node to make,
 *                      estimated at vote time from the job's demand at the generator's measured rate
 * A model's parameters are bounded by {@link #maxElements} too, and a matmul-loop's multiply-adds by
 * {@link #MAX_MATMUL_WORK}: every node dry-runs a job to trace its facts, so work must be bounded before that.
 */
public record SpecLimits(long maxRows, int maxColumns, long maxElements, int maxMatrix, int maxIterations,
        int maxOfflineSeconds) {
    public static final SpecLimits DEFAULT = new SpecLimits(10_000_000, 10_000, 100_000_000, 2048, 1000, 900);
    /** The most multiply-adds of a matmul-loop job (size^3 x iterations). */
    public static final long MAX_MATMUL_WORK = 20_000_000_000L;
}
