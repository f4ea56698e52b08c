package org.consortia.mpc.programs;

import java.util.List;
import java.util.Set;

/**
 * What one {@code reveal} node opens, derived before the program runs: its label, its recipients (party indices, in
 * order), the shape of the value, the fewest rows of data behind any one revealed element, and the datasets whose data
 * reach it directly ({@code raw}) or only through DP releases ({@code dp}).
 */
public record RevealFact(String node, String label, List<Integer> recipients, int[] dims, long rowsBehind, Set<Source> raw,
        Set<Source> dp, java.util.Map<Source, Long> behind) {
    public RevealFact {
        recipients = List.copyOf(recipients);
        dims = dims.clone();
        raw = Set.copyOf(raw);
        dp = Set.copyOf(dp);
        behind = java.util.Map.copyOf(behind);
    }

    /** The fewest rows of dataset {@code s} behind any revealed element ({@link Long#MAX_VALUE}: none of its data). */
    public long rowsBehind(Source s) {
        return behind.getOrDefault(s, Long.MAX_VALUE);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int elements() {
        return (int) Values.size(dims);
    }
}
