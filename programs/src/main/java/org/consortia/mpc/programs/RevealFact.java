package org.consortia.mpc.programs;

import java.util.List;
import java.util.Set;

/**
 * What one {@code reveal} node opens, derived before the program runs: its label, its recipients (party indices, in
 * order), the shape of the value, the fewest rows of data behind any one revealed element, and the datasets whose data
 * reach it directly ({@code raw}) or only through DP releases ({@code dp}).
 */
public record RevealFact(String node, String label, List<Integer> recipients, int[] dims, long rowsBehind, Set<Source> raw,
        Set<Source> dp) {
    public RevealFact {
        recipients = List.copyOf(recipients);
        dims = dims.clone();
        raw = Set.copyOf(raw);
        dp = Set.copyOf(dp);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int elements() {
        return (int) Values.size(dims);
    }
}
