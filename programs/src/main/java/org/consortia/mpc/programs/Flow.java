package org.consortia.mpc.programs;

import java.util.Set;
import java.util.TreeSet;

/**
 * How members' data flow into a value, derived from the graph alone (see docs/programs.md):
 * @param rowsBehind the fewest rows of data behind any one element ({@link Long#MAX_VALUE}: no data at all)
 * @param rowAxis    the axis that runs over the rows of the data ({@code -1}: none, e.g. after a sum over the rows)
 * @param rowLocal   each row's values come from that row alone (and public values): one row replaced moves one row
 * @param raw        datasets whose data reach the value other than through a DP release
 * @param dp         datasets whose data reach the value only through DP releases
 */
public record Flow(long rowsBehind, int rowAxis, boolean rowLocal, Set<Source> raw, Set<Source> dp) {
    public static final Flow PUBLIC = new Flow(Long.MAX_VALUE, -1, true, Set.of(), Set.of());

    public Flow {
        raw = java.util.Collections.unmodifiableSet(new TreeSet<>(raw));
        dp = java.util.Collections.unmodifiableSet(new TreeSet<>(dp));
    }

    /** Whether any member's data reach the value. */
    public boolean fromData() {
        return !raw.isEmpty() || !dp.isEmpty();
    }

    /**
     * Whether members' data reach the value other than through DP releases. A value derived from DP releases alone is
     * like a public one for the rows: conditioned on a release, one row replaced still moves one row (adaptive
     * composition), so e.g. federated averaging's per-round gradient under a released model stays row-local.
     */
    public boolean rawData() {
        return !raw.isEmpty();
    }

    public Flow withRowAxis(int axis, boolean local) {
        return new Flow(rowsBehind, axis, local, raw, dp);
    }

    /** The value aggregated over {@code rows} rows of its row axis (a sum, a mean, a contraction). */
    public Flow aggregated(long rows) {
        long r = rowsBehind == Long.MAX_VALUE ? rowsBehind : saturatingMul(rowsBehind, rows);
        return new Flow(r, -1, false, raw, dp);
    }

    /**
     * Elementwise combination of operands whose row axes sit at {@code axes[i]} of the result ({@code -1}: none):
     * the fewest rows behind, the union of the sources; still row-local only if every operand from data is row-local
     * along the same axis.
     */
    public static Flow combine(Flow[] flows, int[] axes) {
        long rows = Long.MAX_VALUE;
        Set<Source> raw = new TreeSet<>();
        Set<Source> dp = new TreeSet<>();
        int axis = -1;
        boolean local = true;
        for (int i = 0; i < flows.length; i++) {
            Flow f = flows[i];
            rows = Math.min(rows, f.rowsBehind);
            raw.addAll(f.raw);
            dp.addAll(f.dp);
            if (!f.rawData()) {
                continue;
            }
            if (axes[i] < 0 || !f.rowLocal) {
                local = false;
            }
            if (axes[i] >= 0) {
                if (axis >= 0 && axis != axes[i]) {
                    local = false;
                }
                axis = axis < 0 ? axes[i] : axis;
            }
        }
        return new Flow(rows, axis, local && axis >= 0 || raw.isEmpty(), raw, dp);
    }

    static long saturatingMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE - 1 : lo;
    }
}
