package org.consortia.mpc.node.analysis;

/**
 * Upper bounds on job parameters, checked when a spec is parsed, before anything is allocated or read.
 * @param maxRows       rows of one party's dataset or input
 * @param maxColumns    features of a dataset, values of a secure-sum vector per row
 * @param maxElements   rows x columns of any input, and inference rows x model input size
 * @param maxMatrix     side of a matmul-loop matrix
 * @param maxIterations solver iterations, epochs and matmul-loop iterations
 */
public record SpecLimits(long maxRows, int maxColumns, long maxElements, int maxMatrix, int maxIterations) {
    public static final SpecLimits DEFAULT = new SpecLimits(10_000_000, 10_000, 100_000_000, 2048, 1000);
}
