package org.consortia.mpc.programs.ops;

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
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code input}: columns of a member's dataset, secret, shape {@code [rows, columns]}; each element has one row behind
 * it, the rows run along axis 0. Only the member reads; the others hold shares.
 */
public final class InputOp implements Op {
    /** A dataset's name: letters, digits, {@code _ . -}, not starting with a dot (never a path). */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

    @Override
    public List<String> names() {
        return List.of("input");
    }

    @Override
    public int arity(String name) {
        return 0;
    }

    /** The read a bound input makes. */
    public record Node(InputRead read, Type type) implements Bound {
        @Override
        public Cost cost(int parties) {
            return new Cost(1, (long) read.rows() * read.columns().size());
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            ProgramHost.Rows rows = ev.host().read(read);
            return new Value.Secret(ev.backend().input(read.member(), Shape.of(read.rows(), read.columns().size()),
                    rows == null ? null : rows.values()));
        }
    }

    /** The {@code dataset} attribute: a dataset's name, never a path. */
    static String dataset(Attrs a) {
        String dataset = a.string("dataset");
        if (!NAME.matcher(dataset).matches()) {
            throw a.error("dataset", "a dataset's name (letters, digits, _ . -), never a path");
        }
        return dataset;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        int member = ctx.member(a, "member");
        String dataset = dataset(a);
        List<String> columns = a.strings("columns", 100_000);
        if (Set.copyOf(columns).size() != columns.size()) {
            throw a.error("columns", "each column once");
        }
        long rows = a.integer("rows", 1, Integer.MAX_VALUE);
        if (rows * columns.size() > ctx.limits().maxElements()) {
            throw a.error("rows", "rows x columns at most " + ctx.limits().maxElements());
        }
        String key = a.has("key") ? a.string("key") : null;
        if (key != null && columns.contains(key)) {
            throw a.error("key", "the key aligns rows; it is not also a column");
        }
        Flow flow = Flow.input(new Source(member, dataset), rows);
        Type t = Type.value(new int[] {(int) rows, columns.size()}, true, false, flow);
        return new Node(new InputRead(a.node(), member, dataset, columns, (int) rows, key), t);
    }
}
