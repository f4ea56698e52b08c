package org.consortia.mpc.programs.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.InputRead;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.ProgramHost;
import org.consortia.mpc.programs.Source;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.relational.SecretJoin;

/**
 * {@code join}: members' tables matched on their keys without anyone learning which rows match, nor how many
 * ({@link SecretJoin}). Attribute {@code tables}: 2 to 8 objects {@code {member, dataset, key, columns, rows}} (columns
 * may be empty), the first the anchor. The result is secret, {@code [rows of the anchor, its columns + each other
 * table's columns + one per other table]}: a row per anchor row (in the order of its keys' hashes), the other tables'
 * columns of the row with the same key (zeros where there is none), then for each other table a 0/1 column that is 1
 * where it holds the key. An inner join multiplies those bits; a left join keeps every row. Each table's keys must be
 * distinct (its member's node checks before anything is input).
 */
public final class JoinOp implements Op {
    /** At most this many tables in one join. */
    public static final int MAX_TABLES = 8;

    @Override
    public List<String> names() {
        return List.of("join");
    }

    @Override
    public int arity(String name) {
        return 0;
    }

    /** A bound join: its tables' reads (in order, the anchor first) and its type. */
    public record Node(List<InputRead> reads, Type type) implements Bound {
        public Node {
            reads = List.copyOf(reads);
        }

        private List<SecretJoin.Side> sides() {
            return reads.stream().map(r -> new SecretJoin.Side(r.member(), r.rows(), r.columns().size())).toList();
        }

        @Override
        public Cost cost(int parties) {
            int[] rows = reads.stream().mapToInt(InputRead::rows).toArray();
            int[] widths = reads.stream().mapToInt(r -> r.columns().size()).toArray();
            long inputs = reads.stream().mapToLong(r -> (long) r.rows() * (1 + r.columns().size())).sum();
            return new Cost(2, inputs).then(SecretJoin.cost(rows, widths));
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            int n = reads.size();
            long[][] keys = new long[n][];
            double[][] values = new double[n][];
            for (int i = 0; i < n; i++) {
                ProgramHost.Rows rows = ev.host().read(reads.get(i));
                if (rows != null) {
                    keys[i] = rows.rowKeys();
                    values[i] = rows.values();
                }
            }
            SecretJoin.Joined j = SecretJoin.join(ev.backend(), sides(), keys, values);
            var out = j.values();
            for (var bit : j.bySide()) {
                out = out.concat(1, bit.reshape(org.consortia.mpc.sharing.ring.Shape.matrix(bit.shape().size(), 1))
                        .toFixedPoint());
            }
            return new Value.Secret(out);
        }
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        List<Attrs> tables = a.objects("tables", MAX_TABLES);
        if (tables.size() < 2) {
            throw a.error("tables", "at least two tables (the anchor first)");
        }
        List<InputRead> reads = new ArrayList<>();
        Set<Source> seen = new java.util.HashSet<>();
        long width = 0;
        for (Attrs t : tables) {
            int member = ctx.member(t, "member");
            String dataset = InputOp.dataset(t);
            if (!seen.add(new Source(member, dataset))) {
                throw t.error("dataset", "each table once in a join");
            }
            String key = t.string("key");
            List<String> columns = t.has("columns") && !(t.raw("columns") instanceof List<?> l && l.isEmpty())
                    ? t.strings("columns", 10_000) : List.of();
            if (Set.copyOf(columns).size() != columns.size() || columns.contains(key)) {
                throw t.error("columns", "each column once, the key not among them");
            }
            long rows = t.integer("rows", 1, Integer.MAX_VALUE);
            t.refuseUnknown();
            reads.add(new InputRead(a.node(), member, dataset, columns, (int) rows, key, true));
            width += columns.size();
        }
        int n0 = reads.get(0).rows();
        width += tables.size() - 1;
        if ((long) n0 * width > ctx.limits().maxElements()) {
            throw a.error("tables", "the anchor's rows x the joined columns at most " + ctx.limits().maxElements());
        }
        // every table's data run along the anchor's rows: each position holds one row of it or none (a row matched
        // twice cannot be: keys are distinct), so its positions are distinct rows; which ones are filled is secret,
        // as with a where, and counts as every position (docs/programs.md)
        Flow[] flows = new Flow[reads.size()];
        int[] axes = new int[reads.size()];
        int[][] shapes = new int[reads.size()][];
        for (int i = 0; i < flows.length; i++) {
            flows[i] = Flow.input(new Source(reads.get(i).member(), reads.get(i).dataset()), n0);
            shapes[i] = new int[] {n0, 1};
        }
        int[] dims = {n0, (int) width};
        // not row-local: one row of a joined table replaced by a row of another key unmatches one anchor row and
        // matches another (two positions move), so a DP release over a join would need twice the noise it declares
        Flow flow = Flow.combine(flows, axes, shapes, dims, false).withRowAxis(0, false);
        return new Node(reads, Type.value(dims, true, false, flow));
    }
}
