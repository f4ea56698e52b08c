package org.consortia.mpc.programs.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.consortia.mpc.analyses.relational.GroupSums;
import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Source;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Ring;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Groups by a secret key of any value ({@link GroupSums}): {@code group_sum(key [n, 1], weight [n, 1] 0/1, values
 * [n, k])} gives {@code [n, 2 + k]}: per row a 0/1 flag (the row ends a group of counted rows), the group's key and
 * its sums over the group's counted rows there (the maximum for the columns listed in attribute {@code max}, whose
 * uncounted rows must hold a value below every other), zeros elsewhere; {@code compact(x [n, c])} moves the rows whose column 0
 * is 1 first, in the order of column 1 (their keys: where the groups ended would tell their sizes), the others after
 * (which must be zeros). Each revealed group has at least one row behind it: the
 * facts count 1 (a minimum group size is the program's to enforce, inside the computation, before compact).
 */
public final class GroupOp implements Op {
    /** Keys are below this in magnitude (the pad that sorts rows that do not count last). */
    public static final double MAX_KEY = 1L << 30;

    @Override
    public List<String> names() {
        return List.of("group_sum", "compact");
    }

    @Override
    public int arity(String name) {
        return name.equals("group_sum") ? 3 : 1;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        int f = ctx.fracBits();
        if (name.equals("compact")) {
            Type x = args.get(0);
            if (x.rank() != 2 || !x.secret() || x.dims()[1] < 2) {
                throw a.error("args", "a secret [n, c >= 2] value whose column 0 is a 0/1 flag and column 1 a key, got "
                        + x.shape());
            }
            int n = x.dims()[0];
            int c = x.dims()[1];
            Type t = Type.value(x.dims(), true, false, x.flow().withRowAxis(-1, false)); // reordered: no row axis
            return Bound.ofModes(t, (parties, mode) -> GroupSums.compactCost(n, c, mode), (ev, vals) -> {
                Backend be = ev.backend();
                long[][] cols = columns(Values.fixed(be, vals.get(0)).share(), n, c);
                return new Value.Secret(SecretTensor.fromShare(be, Shape.matrix(n, c), rows(GroupSums.compact(be, cols, f), n),
                        f));
            });
        }
        Type key = args.get(0);
        Type weight = args.get(1);
        Type values = args.get(2);
        int n = key.rank() == 2 ? key.dims()[0] : -1;
        if (key.rank() != 2 || key.dims()[1] != 1 || weight.rank() != 2 || weight.dims()[0] != n || weight.dims()[1] != 1
                || !weight.bits() || values.rank() != 2 || values.dims()[0] != n || !key.secret()) {
            throw a.error("args", "a secret key [n, 1], a 0/1 weight [n, 1] and values [n, k]; got " + key.shape() + ", "
                    + weight.shape() + (weight.bits() ? "" : " (not 0/1)") + ", " + values.shape());
        }
        int k = values.dims()[1];
        boolean[] max = new boolean[k];
        if (a.has("max")) { // the columns whose maximum is taken instead of their sum
            for (int c : a.integers("max", 0, k - 1, k)) {
                max[c] = true;
            }
        }
        int maxColumns = (int) java.util.stream.IntStream.range(0, k).filter(c -> max[c]).count();
        Flow in = Flow.combine(new Flow[] {key.flow(), weight.flow(), values.flow()}, new int[] {0, 0, 0},
                new int[][] {key.dims(), weight.dims(), values.dims()}, new int[] {n, 1}, false);
        Map<Source, Long> one = new java.util.TreeMap<>();
        in.behind().keySet().forEach(s -> one.put(s, 1L));
        Flow out = new Flow(one, Map.of(), -1, false, in.raw(), in.dp(), Set.of(), Map.of());
        Type t = Type.value(new int[] {n, 2 + k}, true, false, out);
        return Bound.ofModes(t, (parties, mode) -> GroupSums.sumsCost(n, k, maxColumns, mode), (ev, vals) -> {
            Backend be = ev.backend();
            long[] kv = Values.fixed(be, vals.get(0)).share();
            long[] w = Values.bits(be, vals.get(1)).share();
            long[][] v = columns(Values.fixed(be, vals.get(2)).share(), n, k);
            long[][] s = GroupSums.sums(be, kv, w, v, max, Math.round(Math.scalb(MAX_KEY, f)));
            s[0] = Ring.scale(s[0], 1L << f); // the flag at the values' scale
            return new Value.Secret(SecretTensor.fromShare(be, Shape.matrix(n, 2 + k), rows(s, n), f));
        });
    }

    /** Row-major [n, c] as its c columns. */
    private static long[][] columns(long[] x, int n, int c) {
        long[][] out = new long[c][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                out[j][i] = x[i * c + j];
            }
        }
        return out;
    }

    /** c columns of n as row-major [n, c]. */
    private static long[] rows(long[][] cols, int n) {
        int c = cols.length;
        long[] out = new long[n * c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = cols[j][i];
            }
        }
        return out;
    }

    /** Semi-honest only: group-by works on raw share words. */
    @Override
    public boolean runsMalicious(String name) {
        return false;
    }
}
