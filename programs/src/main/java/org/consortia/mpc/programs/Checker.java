package org.consortia.mpc.programs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.consortia.mpc.programs.ops.DpReleaseOp;
import org.consortia.mpc.programs.ops.InputOp;
import org.consortia.mpc.programs.ops.JoinOp;
import org.consortia.mpc.programs.ops.RevealOp;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;

/**
 * Checks a program against a consortium before anything is allocated or read: every op known, every attribute typed,
 * every argument an earlier value (not a sink) of the right kind and shape, the elements and the estimated cost within
 * the limits, labels unique, keyed inputs of one row count. Derives what it reads and reveals ({@link CheckedProgram}).
 */
public final class Checker {
    private Checker() {
    }

    public static CheckedProgram check(Program program, Context ctx) {
        ProgramLimits limits = ctx.limits();
        Map<String, Integer> index = new HashMap<>();
        List<CheckedProgram.Step> steps = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        List<InputRead> reads = new ArrayList<>();
        List<RevealFact> reveals = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        double epsilon = 0;
        double delta = 0;
        Cost cost = new Cost(0, 0);
        Cost costBits = new Cost(0, 0); // without a dealer: comparisons bit by bit
        long elements = 0;
        Integer keyedRows = null;
        List<Integer> holders = new ArrayList<>();
        Set<Integer> shared = new HashSet<>(); // local values shared already (each once)
        for (ProgramNode node : program.nodes()) {
            Op op = Ops.get(node.op());
            if (op == null) {
                throw new ProgramException(node.id(), "op", "unknown op '" + clip(node.op()) + "' (known: " + Ops.names() + ")");
            }
            int arity = op.arity(node.op());
            if (arity >= 0 ? node.args().size() != arity : arity == -1 && node.args().isEmpty()) {
                throw new ProgramException(node.id(), "args", node.op() + " takes " + (arity >= 0 ? arity + "" : "one or more")
                        + " arguments, got " + node.args().size());
            }
            int[] args = new int[node.args().size()];
            List<Type> argTypes = new ArrayList<>(args.length);
            for (int i = 0; i < args.length; i++) {
                Integer at = index.get(node.args().get(i));
                if (at == null) {
                    throw new ProgramException(node.id(), "args", "'" + node.args().get(i) + "' is not an earlier node");
                }
                if (types.get(at).sink()) {
                    throw new ProgramException(node.id(), "args", "'" + node.args().get(i) + "' is a reveal, which has no value");
                }
                args[i] = at;
                argTypes.add(types.get(at));
            }
            Attrs attrs = new Attrs(node);
            Bound bound = op.bind(node.op(), attrs, argTypes, ctx);
            attrs.refuseUnknown();
            Type t = bound.type();
            if (t.size() > limits.maxElements()) {
                throw new ProgramException(node.id(), null, "a value of " + t.size() + " elements; at most "
                        + limits.maxElements() + " are accepted");
            }
            elements += t.size();
            if (elements > limits.maxTotalElements()) {
                throw new ProgramException(node.id(), null, "the program's values hold more than " + limits.maxTotalElements()
                        + " elements in all");
            }
            int holder = holder(node.op(), bound, args, types, holders);
            if (bound instanceof JoinOp.Node join && join.valuesAsArgs()) { // each table's values from its own member
                for (int i = 0; i < args.length; i++) {
                    if (holders.get(args[i]) != join.reads().get(join.argTables()[i]).member()) {
                        throw new ProgramException(node.id(), "args", "argument " + i + " must be computed by its table's"
                                + " member from its own rows (an input of it and public values)");
                    }
                }
                cost = cost.then(bound.cost(ctx.parties()));
                costBits = costBits.then(bound.cost(ctx.parties(), Comparisons.BITS));
            } else if (holder < 0) { // a shared step: its local arguments are input first (once each), then it runs on shares
                for (int a : args) {
                    if (holders.get(a) >= 0 && shared.add(a)) {
                        cost = cost.then(new Cost(1, types.get(a).size()));
                        costBits = costBits.then(new Cost(1, types.get(a).size()));
                    }
                }
                cost = cost.then(bound.cost(ctx.parties()));
                costBits = costBits.then(bound.cost(ctx.parties(), Comparisons.BITS));
            }
            long most = costBits.bytesSent(ctx.parties(), 32); // the larger of the two
            if (most > limits.maxBytes() || most < 0 || cost.bytesSent(ctx.parties(), 32) < 0) {
                throw new ProgramException(node.id(), null, "the program would send more than " + limits.maxBytes()
                        + " bytes per party (estimated from the ops' declared costs)");
            }
            if (bound instanceof InputOp.Node in) {
                if (in.read().key() != null) {
                    if (keyedRows != null && keyedRows != in.read().rows()) {
                        throw new ProgramException(node.id(), "rows", "inputs aligned by a key must declare the same rows");
                    }
                    keyedRows = in.read().rows();
                }
                reads.add(in.read());
            } else if (bound instanceof JoinOp.Node join) {
                reads.addAll(join.reads());
            } else if (bound instanceof RevealOp.Node r) {
                if (!labels.add(r.fact().label())) {
                    throw new ProgramException(node.id(), "label", "a second reveal labelled '" + r.fact().label() + "'");
                }
                reveals.add(r.fact());
            } else if (bound instanceof DpReleaseOp.Node dp) {
                epsilon += dp.epsilon();
                delta += dp.delta();
            }
            index.put(node.id(), steps.size());
            steps.add(new CheckedProgram.Step(node.id(), node.op(), args, bound, holder));
            types.add(t);
            holders.add(holder);
        }
        if (reveals.isEmpty()) {
            throw new ProgramException("(program)", "nodes", "a program reveals something (a reveal node)");
        }
        if (epsilon > 100 || delta >= 1) {
            throw new ProgramException("(program)", "nodes", "DP releases of at most epsilon 100 and delta below 1 in all");
        }
        return new CheckedProgram(program, ctx, steps, reads, reveals, epsilon, delta, cost, costBits);
    }

    /** Ops a member never computes alone: reads of several members, releases whose noise nobody may know, reveals. */
    private static final Set<String> NEVER_LOCAL = Set.of("join", "dp_sum", "dp_mean", "reveal");

    /**
     * Who computes a node: an input not aligned by a key is its member's (a plaintext value at that member); any other
     * op whose arguments are one member's local values and public values is that member's too, computed in plaintext
     * where the data is (a filter, a one-hot encoding, a sum of its own rows): nothing crosses the network until a
     * shared step needs the value. Everything else is {@link CheckedProgram.Step#SHARED}.
     */
    private static int holder(String op, Bound bound, int[] args, List<Type> types, List<Integer> holders) {
        if (bound instanceof InputOp.Node in) {
            return in.read().key() == null ? in.read().member() : CheckedProgram.Step.SHARED;
        }
        if (NEVER_LOCAL.contains(op) || args.length == 0 || !bound.type().secret()) {
            return CheckedProgram.Step.SHARED;
        }
        int member = CheckedProgram.Step.SHARED;
        for (int a : args) {
            if (!types.get(a).secret()) {
                continue; // public: known everywhere
            }
            int h = holders.get(a);
            if (h < 0 || member >= 0 && h != member) {
                return CheckedProgram.Step.SHARED;
            }
            member = h;
        }
        return member;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
