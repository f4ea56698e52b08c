package org.consortia.mpc.programs.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.consortia.mpc.analyses.relational.SecretJoin;
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
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code join}: members' tables matched on their keys without anyone learning which rows match, nor how many
 * ({@link SecretJoin}). Attribute {@code tables}: 2 to 8 objects {@code {member, dataset, key, columns, rows}} (columns
 * may be empty), the first the anchor. Or, with arguments, {@code {member, dataset, key, rows}} and each table's values
 * as the next argument: {@code [rows, w]}, computed by the member from the same rows of its dataset alone (its filters
 * and encodings, in the dataset's row order), which the join inputs as it would input columns; a table marked
 * {@code "values": false} brings its keys alone and takes no argument. The result is secret, {@code [rows of the anchor, its columns + each other
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

    /** None (the tables' columns) or one per table (their values). */
    @Override
    public int arity(String name) {
        return ANY;
    }

    /**
     * A bound join: its tables' reads (in order, the anchor first), their widths, whether the values come as arguments
     * (then the reads fetch the keys alone), and its type.
     */
    public record Node(List<InputRead> reads, int[] widths, int[] argTables, boolean valuesAsArgs, Type type) implements Bound {
        public Node {
            reads = List.copyOf(reads);
            widths = widths.clone();
            argTables = argTables.clone();
        }

        private List<SecretJoin.Side> sides() {
            List<SecretJoin.Side> out = new java.util.ArrayList<>();
            for (int i = 0; i < reads.size(); i++) {
                out.add(new SecretJoin.Side(reads.get(i).member(), reads.get(i).rows(), widths[i]));
            }
            return out;
        }

        @Override
        public Cost cost(int parties) {
            return cost(parties, Comparisons.BOOLEAN);
        }

        @Override
        public Cost cost(int parties, Comparisons mode) {
            int[] rows = reads.stream().mapToInt(InputRead::rows).toArray();
            long inputs = 0;
            for (int i = 0; i < rows.length; i++) {
                inputs += (long) rows[i] * (1 + widths[i]);
            }
            return new Cost(2, inputs).then(SecretJoin.cost(rows, widths, mode));
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
                    values[i] = valuesAsArgs ? new double[0] : rows.values();
                }
            }
            for (int k = 0; k < argTables.length; k++) {
                int i = argTables[k];
                if (keys[i] != null) {
                    values[i] = plain(args.get(k));
                }
            }
            SecretJoin.Joined j = SecretJoin.join(ev.backend(), sides(), keys, values);
            var out = j.values();
            for (var bit : j.bySide()) {
                out = out.concat(1, bit.reshape(Shape.matrix(bit.shape().size(), 1))
                        .toFixedPoint());
            }
            return new Value.Secret(out);
        }
    }

    /** A table's values computed by its member (a plaintext value there; {@code null} elsewhere). */
    private static double[] plain(Value v) {
        if (v instanceof Value.Public p) {
            return p.values();
        }
        if (v instanceof Value.Secret s && s.tensor().backend() instanceof PlainBackend) {
            return s.tensor().reveal(); // its member's own plaintext (the local evaluation's backend)
        }
        return null;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        List<Attrs> tables = a.objects("tables", MAX_TABLES);
        if (tables.size() < 2) {
            throw a.error("tables", "at least two tables (the anchor first)");
        }
        boolean valuesAsArgs = !args.isEmpty();
        int[] widths = new int[tables.size()];
        List<Integer> argTables = new java.util.ArrayList<>();
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
            if (valuesAsArgs && t.has("columns")) {
                throw t.error("columns", "not with arguments: the argument is the table's values");
            }
            Object v = t.raw("values");
            if (v != null && !Boolean.FALSE.equals(v)) {
                throw t.error("values", "false (the table brings its keys alone), or absent");
            }
            boolean keysOnly = Boolean.FALSE.equals(v);
            List<String> columns = t.has("columns") && !(t.raw("columns") instanceof List<?> l && l.isEmpty())
                    ? t.strings("columns", 10_000) : List.of();
            if (Set.copyOf(columns).size() != columns.size() || columns.contains(key)) {
                throw t.error("columns", "each column once, the key not among them");
            }
            long rows = t.integer("rows", 1, Integer.MAX_VALUE);
            t.refuseUnknown();
            reads.add(new InputRead(a.node(), member, dataset, columns, (int) rows, key, true));
            int i = reads.size() - 1;
            widths[i] = columns.size();
            if (valuesAsArgs && !keysOnly) {
                int k = argTables.size();
                if (k >= args.size()) {
                    throw a.error("args", "one argument per table that brings values (not marked values: false)");
                }
                widths[i] = checkValues(a, k, args.get(k), new Source(member, dataset), (int) rows);
                argTables.add(i);
            }
            width += widths[i];
        }
        for (int i = 0; i < reads.size(); i++) { // every table's keys and values are held whole while it joins
            if ((long) reads.get(i).rows() * (2 + widths[i]) > ctx.limits().maxElements()) {
                throw tables.get(i).error("rows", "rows x (its columns + 2) at most " + ctx.limits().maxElements());
            }
        }
        if (argTables.size() != args.size()) {
            throw a.error("args", argTables.size() + " arguments, one per table that brings values; got " + args.size());
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
        return new Node(reads, widths, argTables.stream().mapToInt(Integer::intValue).toArray(), valuesAsArgs,
                Type.value(dims, true, false, flow));
    }

    /**
     * A table's values: {@code [rows, w]}, secret, from its own dataset alone, row by row in the dataset's order (each
     * position the row of that index); which member computes them is the checker's to ensure.
     */
    private static int checkValues(Attrs a, int i, Type t, Source table, int rows) {
        Flow f = t.flow();
        boolean own = f.raw().equals(java.util.Set.of(table)) && f.dp().isEmpty() && f.rowAxis() == 0 && f.rowLocal()
                && f.shifted().isEmpty() && Long.valueOf(rows).equals(f.distinct().get(table))
                && Long.valueOf(rows).equals(f.span().get(table));
        if (t.rank() != 2 || t.dims()[0] != rows || !t.secret() || !own) {
            throw a.error("args", "argument " + i + " must be its table's values: [" + rows + ", w], computed row by row"
                    + " from that dataset's rows alone, got " + t.shape());
        }
        return t.dims()[1];
    }

    /** Semi-honest only: a join compares XOR-shared key bits, which malicious mode does not have. */
    @Override
    public boolean runsMalicious(String name) {
        return false;
    }
}
