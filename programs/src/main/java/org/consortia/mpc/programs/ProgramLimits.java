package org.consortia.mpc.programs;

/**
 * What a node accepts before it allocates anything for a program.
 * @param maxChars         characters of the program's JSON
 * @param maxNodes         nodes of the graph
 * @param maxElements      elements of any one value (and of an input: rows x columns)
 * @param maxTotalElements elements of all values together (what a run could hold at once)
 * @param maxBytes         estimated bytes one party sends while the program runs (the kernels' declared costs)
 */
public record ProgramLimits(int maxChars, int maxNodes, long maxElements, long maxTotalElements, long maxBytes) {
    public static final ProgramLimits DEFAULT = new ProgramLimits(4 << 20, 10_000, 100_000_000, 400_000_000, 1L << 40);

    public ProgramLimits {
        if (maxChars < 1 || maxNodes < 1 || maxElements < 1 || maxTotalElements < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("program limits must be positive");
        }
        maxElements = Math.min(maxElements, Integer.MAX_VALUE - 16); // a tensor's elements are indexed by int
    }
}
