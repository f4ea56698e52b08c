package org.consortia.mpc.programs;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How members' data flow into a value, derived from the graph alone (see docs/programs.md). Rows are counted per
 * dataset, so that one member's few rows cannot hide behind another member's many:
 * @param behind   for each dataset whose data reach the value other than through DP, the fewest of its rows behind any
 *                 one element (1 for a per-row value; a sum over n distinct rows multiplies it by n)
 * @param distinct for each such dataset carried along the row axis, a lower bound on the distinct rows of it that the
 *                 axis holds (a row repeated, stretched by broadcasting or padded with constants counts once)
 * @param rowAxis  the axis that runs over the rows of the data ({@code -1}: none, e.g. after a sum over the rows)
 * @param rowLocal each row's values come from that row alone (and public values): one row replaced moves one row
 * @param raw      datasets whose data reach the value other than through a DP release
 * @param dp       datasets whose data reach the value only through DP releases
 * @param shifted  datasets sliced along their rows: combined with themselves, rows no longer line up
 * @param span     for each dataset carried along the row axis, how many positions of the axis hold its data: a DP
 *                 release needs each dataset's positions to be distinct rows of it ({@code span == distinct})
 */
public record Flow(Map<Source, Long> behind, Map<Source, Long> distinct, int rowAxis, boolean rowLocal, Set<Source> raw,
        Set<Source> dp, Set<Source> shifted, Map<Source, Long> span) {
    public static final Flow PUBLIC = new Flow(Map.of(), Map.of(), -1, true, Set.of(), Set.of(), Set.of(), Map.of());

    public Flow {
        behind = Collections.unmodifiableMap(new TreeMap<>(behind));
        distinct = rowAxis < 0 ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(distinct));
        span = rowAxis < 0 ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(span));
        raw = Collections.unmodifiableSet(new TreeSet<>(raw));
        dp = Collections.unmodifiableSet(new TreeSet<>(dp));
        shifted = Collections.unmodifiableSet(new TreeSet<>(shifted));
    }

    /** A member's input: {@code rows} rows along axis 0, one row behind each element. */
    public static Flow input(Source s, long rows) {
        return new Flow(Map.of(s, 1L), Map.of(s, rows), 0, true, Set.of(s), Set.of(), Set.of(), Map.of(s, rows));
    }

    /** The fewest rows of any one dataset behind an element ({@link Long#MAX_VALUE}: no data but through DP). */
    public long rowsBehind() {
        return behind.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
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
        return new Flow(behind, distinct, axis, local, raw, dp, axis < 0 ? Set.of() : shifted, span);
    }

    public Flow withDistinct(Map<Source, Long> d, Set<Source> shiftedNow, Map<Source, Long> spanNow) {
        return new Flow(behind, d, rowAxis, rowLocal, raw, dp, shiftedNow, spanNow);
    }

    /** Whether each dataset's positions along the row axis are distinct rows of it (no row repeated or stretched). */
    public boolean distinctRows() {
        return raw.stream().allMatch(s -> distinct.containsKey(s) && distinct.get(s).equals(span.get(s)));
    }

    /** The value aggregated over its row axis (a sum, a mean, a contraction): each dataset's distinct rows multiply. */
    public Flow aggregated() {
        Map<Source, Long> b = new TreeMap<>(behind);
        b.replaceAll((s, n) -> saturatingMul(n, Math.max(1, distinct.getOrDefault(s, 1L))));
        return new Flow(b, Map.of(), -1, false, raw, dp, Set.of(), Map.of());
    }

    /**
     * Elementwise combination of operands (flows and their shapes broadcast to {@code dims}) whose row axes sit at
     * {@code axes[i]} of the result ({@code -1}: none): per dataset the fewest rows behind and the fewest distinct rows;
     * row-local only if every operand of data is row-local along the same axis and no dataset meets itself shifted. An
     * operand stretched along the row axis by broadcasting holds only its own rows; a {@code selecting} op (a product,
     * a quotient, a where) with a public operand that varies along the rows may pick single rows, so no rows count as
     * distinct after it.
     */
    public static Flow combine(Flow[] flows, int[] axes, int[][] shapes, int[] dims, boolean selecting) {
        Map<Source, Long> b = new TreeMap<>();
        Map<Source, Long> d = new TreeMap<>();
        Map<Source, Integer> seen = new TreeMap<>();
        Map<Source, Long> span = new TreeMap<>();
        Set<Source> raw = new TreeSet<>();
        Set<Source> dp = new TreeSet<>();
        Set<Source> shifted = new TreeSet<>();
        int axis = -1;
        boolean local = true;
        boolean publicSelector = false;
        for (int i = 0; i < flows.length; i++) {
            Flow f = flows[i];
            f.behind.forEach((s, n) -> b.merge(s, n, Math::min));
            raw.addAll(f.raw);
            dp.addAll(f.dp);
            shifted.addAll(f.shifted);
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
        for (int i = 0; i < flows.length; i++) {
            Flow f = flows[i];
            if (!f.rawData() && axis >= 0 && shapes[i] != null) {
                int off = dims.length - shapes[i].length;
                publicSelector |= axis - off >= 0 && shapes[i][axis - off] > 1;
            }
            if (axes[i] >= 0 && axes[i] == axis) {
                for (var e : f.distinct.entrySet()) {
                    d.merge(e.getKey(), e.getValue(), Math::min);
                    seen.merge(e.getKey(), 1, Integer::sum);
                }
                int off = dims.length - (shapes[i] == null ? dims.length : shapes[i].length);
                boolean stretched = shapes[i] != null && shapes[i][axis - off] == 1 && dims[axis] > 1;
                for (var e : f.span.entrySet()) { // a row stretched by broadcasting occupies every position
                    span.merge(e.getKey(), stretched ? dims[axis] : e.getValue(), Math::max);
                }
            }
        }
        for (var e : seen.entrySet()) {
            if (e.getValue() > 1 && shifted.contains(e.getKey())) {
                local = false; // x[0:n-1] + x[1:n]: each row mixes two rows of one dataset
            }
        }
        if (selecting && publicSelector) {
            d.replaceAll((s, n) -> 1L);
        }
        return new Flow(b, d, axis, local && axis >= 0 || raw.isEmpty(), raw, dp, shifted, span);
    }

    static long saturatingMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE - 1 : lo;
    }
}
