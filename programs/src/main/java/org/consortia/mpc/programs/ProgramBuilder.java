package org.consortia.mpc.programs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java's front-end for programs, with the Python {@code mpc_client.Program}'s vocabulary:
 * <pre>
 * ProgramBuilder p = new ProgramBuilder();
 * var x = p.input("org-0", "cohort", List.of("age", "bmi"), 442, null);
 * var m = x.mean(0);
 * p.reveal(m, List.of("org-0"), "means");
 * Program program = p.build();   // submit its canonical() as analysis "program", or Simulator.plaintext/secure
 * </pre>
 * Shapes are checked by the {@link Checker} (at {@link #build(Context)} or at the nodes), with the same errors.
 */
public final class ProgramBuilder {
    private final List<ProgramNode> nodes = new ArrayList<>();

    /** A value of the program under construction. */
    public final class Var {
        private final String id;

        private Var(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public Var add(Var o) {
            return op("add", Map.of(), this, o);
        }

        public Var add(double c) {
            return add(scalar(c));
        }

        public Var sub(Var o) {
            return op("sub", Map.of(), this, o);
        }

        public Var sub(double c) {
            return sub(scalar(c));
        }

        public Var mul(Var o) {
            return op("mul", Map.of(), this, o);
        }

        public Var mul(double c) {
            return mul(scalar(c));
        }

        public Var div(Var o) {
            return op("div", Map.of(), this, o);
        }

        public Var div(double c) {
            return div(scalar(c));
        }

        /** this / o for o a count in [1, 2^24) (an average's denominator), precise at any count. */
        public Var ratio(Var o) {
            return op("ratio", Map.of(), this, o);
        }

        public Var matmul(Var o) {
            return op("matmul", Map.of(), this, o);
        }

        public Var lt(Var o) {
            return op("lt", Map.of(), this, o);
        }

        public Var gt(Var o) {
            return op("gt", Map.of(), this, o);
        }

        public Var le(Var o) {
            return op("le", Map.of(), this, o);
        }

        public Var ge(Var o) {
            return op("ge", Map.of(), this, o);
        }

        /** [this == o], exact on fixed-point values (so compare integers and category indices, not results of division). */
        public Var eq(Var o) {
            return op("eq", Map.of(), this, o);
        }

        public Var ne(Var o) {
            return op("ne", Map.of(), this, o);
        }

        public Var eq(double c) {
            return eq(scalar(c));
        }

        public Var lt(double c) {
            return lt(scalar(c));
        }

        public Var gt(double c) {
            return gt(scalar(c));
        }

        /** numpy's {@code .T}: the axes reversed. */
        public Var t() {
            return op("transpose", Map.of(), this);
        }

        public Var sum(int axis) {
            return op("sum", Map.of("axis", (long) axis), this);
        }

        public Var sum() {
            return op("sum", Map.of(), this);
        }

        public Var mean(int axis) {
            return op("mean", Map.of("axis", (long) axis), this);
        }

        public Var mean() {
            return op("mean", Map.of(), this);
        }

        public Var reshape(int... dims) {
            return op("reshape", Map.of("shape", longs(dims)), this);
        }

        /** {@code x[starts[i]:stops[i]]} on every axis. */
        public Var slice(int[] starts, int[] stops) {
            return op("slice", Map.of("starts", longs(starts), "stops", longs(stops)), this);
        }
    }

    public Var input(Object member, String dataset, List<String> columns, int rows, String key) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("member", member instanceof Integer i ? (Object) (long) i : member);
        a.put("dataset", dataset);
        a.put("columns", List.copyOf(columns));
        a.put("rows", (long) rows);
        if (key != null) {
            a.put("key", key);
        }
        return op("input", a);
    }

    /** One table of a {@link #join}: a member's dataset, its key column and the value columns it brings. */
    public record JoinTable(Object member, String dataset, String key, List<String> columns, int rows, boolean keysOnly) {
        public JoinTable {
            columns = List.copyOf(columns);
        }

        public JoinTable(Object member, String dataset, String key, List<String> columns, int rows) {
            this(member, dataset, key, columns, rows, false);
        }
    }

    /**
     * A secret join on the tables' keys (the first is the anchor): {@code [anchor rows, all columns + one 0/1 column per
     * other table]}, see docs/programs.md.
     */
    public Var join(List<JoinTable> tables) {
        return join(tables, List.of());
    }

    /**
     * A secret join whose tables' values are {@code values} (one per table, each computed by the table's member from
     * its own rows: its filters and encodings stay local); the tables' {@code columns} are then unused.
     */
    public Var join(List<JoinTable> tables, List<Var> values) {
        List<Object> t = new ArrayList<>();
        for (JoinTable j : tables) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("member", j.member() instanceof Integer i ? (Object) (long) i : j.member());
            a.put("dataset", j.dataset());
            a.put("key", j.key());
            if (values.isEmpty()) {
                a.put("columns", List.copyOf(j.columns()));
            } else if (j.keysOnly()) {
                a.put("values", false);
            }
            a.put("rows", (long) j.rows());
            t.add(a);
        }
        return op("join", Map.of("tables", t), values.toArray(new Var[0]));
    }

    /** Sums per group of a secret key of any value: {@code [n, 2 + k]} (flag, key, sums), see docs/programs.md. */
    public Var groupSum(Var key, Var weight, Var values) {
        return op("group_sum", Map.of(), key, weight, values);
    }

    /** As {@link #groupSum(Var, Var, Var)}, the columns {@code max} taking the group's maximum instead of its sum. */
    public Var groupSum(Var key, Var weight, Var values, int... max) {
        return op("group_sum", max.length == 0 ? Map.of() : Map.of("max", longs(max)), key, weight, values);
    }

    /** The rows whose column 0 is 1 first. */
    public Var compact(Var x) {
        return op("compact", Map.of(), x);
    }

    public Var constant(int[] dims, double[] values) {
        List<Object> v = new ArrayList<>(values.length);
        for (double x : values) {
            v.add(x);
        }
        return op("constant", Map.of("shape", longs(dims), "values", v));
    }

    public Var scalar(double c) {
        return constant(new int[0], new double[] {c});
    }

    public Var relu(Var x) {
        return op("relu", Map.of(), x);
    }

    /**
     * An elementwise op of the inference layers by its program name ({@code tanh}, {@code gelu}, {@code leaky_relu}, ...),
     * with its attributes ({@code alpha}, {@code beta}: Doubles).
     */
    public Var apply(String op, Var x, Map<String, Object> attrs) {
        return op(op, attrs, x);
    }

    public Var sigmoid(Var x) {
        return op("sigmoid", Map.of(), x);
    }

    public Var exp(Var x) {
        return op("exp", Map.of(), x);
    }

    public Var log(Var x) {
        return op("log", Map.of(), x);
    }

    public Var sqrt(Var x) {
        return op("sqrt", Map.of(), x);
    }

    public Var rsqrt(Var x) {
        return op("rsqrt", Map.of(), x);
    }

    public Var reciprocal(Var x) {
        return op("reciprocal", Map.of(), x);
    }

    public Var abs(Var x) {
        return op("abs", Map.of(), x);
    }

    public Var clamp(Var x, double lo, double hi) {
        return op("clamp", Map.of("lo", lo, "hi", hi), x);
    }

    public Var where(Var cond, Var a, Var b) {
        return op("where", Map.of(), cond, a, b);
    }

    public Var max(Var x, int axis) {
        return op("max", Map.of("axis", (long) axis), x);
    }

    public Var argmax(Var x, int axis) {
        return op("argmax", Map.of("axis", (long) axis), x);
    }

    public Var softmax(Var x, int axis) {
        return op("softmax", Map.of("axis", (long) axis), x);
    }

    public Var concat(List<Var> parts, int axis) {
        return op("concat", Map.of("axis", (long) axis), parts.toArray(new Var[0]));
    }

    public Var dpSum(Var x, double lower, double upper, double epsilon, double delta) {
        return op("dp_sum", Map.of("lower", lower, "upper", upper, "epsilon", epsilon, "delta", delta), x);
    }

    public Var dpMean(Var x, double lower, double upper, double epsilon, double delta) {
        return op("dp_mean", Map.of("lower", lower, "upper", upper, "epsilon", epsilon, "delta", delta), x);
    }

    /** Opens {@code x} to {@code to} (members by name or index; empty: every member) as {@code label}. */
    public void reveal(Var x, List<?> to, String label) {
        List<Object> members = new ArrayList<>();
        for (Object m : to) {
            members.add(m instanceof Integer i ? (Object) (long) i : m);
        }
        op("reveal", Map.of("to", members, "label", label), x);
    }

    public Program build() {
        return new Program(nodes);
    }

    /** The program, checked against {@code ctx}. */
    public CheckedProgram build(Context ctx) {
        return Checker.check(Program.parse(build().canonical(), ctx.limits()), ctx);
    }

    private Var op(String op, Map<String, Object> attrs, Var... args) {
        String id = "n" + nodes.size();
        nodes.add(new ProgramNode(id, op, java.util.Arrays.stream(args).map(Var::id).toList(), attrs));
        return new Var(id);
    }

    private static List<Object> longs(int[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (int x : v) {
            out.add((long) x);
        }
        return out;
    }
}
