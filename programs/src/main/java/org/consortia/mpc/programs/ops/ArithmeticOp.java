package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * {@code add sub mul div ratio} with numpy's broadcasting. Sums are local; a product of secrets is one Beaver round and one
 * truncation (none when one side holds 0/1 values); a product with a public tensor is local and one truncation; a
 * division by a public tensor is a product with its inverse, by a secret one a product with its reciprocal.
 * {@code ratio} is a division by a secret count in [1, 2^24) that keeps its precision at any count (averages: see
 * {@link Approx#quotient}).
 */
public final class ArithmeticOp implements Op {
    @Override
    public List<String> names() {
        return List.of("add", "sub", "mul", "div", "ratio");
    }

    @Override
    public int arity(String name) {
        return 2;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        int[] dims = Elementwise.shape(a, args);
        Type l = args.get(0);
        Type r = args.get(1);
        boolean bits = name.equals("mul") && l.bits() && r.bits();
        Type t = Type.value(dims, l.secret() || r.secret(), bits, Elementwise.flow(args, dims, !name.equals("add") && !name.equals("sub")));
        int n = (int) Values.size(dims);
        return Bound.of(t, parties -> {
            if (!t.secret() || name.equals("add") || name.equals("sub")) {
                return new Cost(0, 0);
            }
            Cost c = l.secret() && r.secret() ? Costs.mul(n) : new Cost(1, n);
            return name.equals("ratio") && r.secret() ? new Cost(QUOTIENT_ROUNDS, QUOTIENT_WORDS * n)
                    : name.equals("div") && r.secret() ? UnaryOp.cost("reciprocal", n).then(c) : c;
        }, (ev, vals) -> {
            Value x = Values.broadcastTo(vals.get(0), dims);
            Value y = Values.broadcastTo(vals.get(1), dims);
            if (x instanceof Value.Public p && y instanceof Value.Public q) {
                return new Value.Public(dims, plain(name, p.values(), q.values(), a));
            }
            Backend be = ev.backend();
            return new Value.Secret(switch (name) {
                case "add" -> y instanceof Value.Public q ? Values.fixed(be, x).addPublic(q.values())
                        : x instanceof Value.Public p ? Values.fixed(be, y).addPublic(p.values())
                        : Values.fixed(be, x).add(Values.fixed(be, y));
                case "sub" -> y instanceof Value.Public q ? Values.fixed(be, x).addPublic(negated(q.values()))
                        : x instanceof Value.Public p ? Values.fixed(be, y).neg().addPublic(p.values())
                        : Values.fixed(be, x).sub(Values.fixed(be, y));
                case "mul" -> bits ? Values.bits(be, x).mul(Values.bits(be, y)) : product(be, x, y);
                case "ratio" -> y instanceof Value.Public q ? Values.secret(be, x).mulPublic(inverses(q.values(), a))
                        : SecretTensor.fromShare(be, Values.fixed(be, y).shape(), Approx.quotient(be, Values.fixed(be, x).share(),
                                Values.fixed(be, y).share(), be.fixedPoint().fracBits()), be.fixedPoint().fracBits());
                default -> y instanceof Value.Public q ? Values.secret(be, x).mulPublic(inverses(q.values(), a))
                        : product(be, x, new Value.Secret(Values.fixed(be, y).reciprocal()));
            });
        });
    }

    /** Rounds and words per element of {@link Approx#quotient} (24 octaves, 3 Newton steps, 3 products). */
    static final int QUOTIENT_ROUNDS = 28;
    static final long QUOTIENT_WORDS = 160;

    /** x * y with one of them secret: 0/1 values stay at scale 0, so their products need no truncation. */
    static SecretTensor product(Backend be, Value x, Value y) {
        if (x instanceof Value.Public p) {
            return Values.secret(be, y).mulPublic(p.values());
        }
        if (y instanceof Value.Public q) {
            return Values.secret(be, x).mulPublic(q.values());
        }
        return Values.secret(be, x).mul(Values.secret(be, y));
    }

    static double[] plain(String name, double[] x, double[] y, Attrs a) {
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (name) {
                case "add" -> x[i] + y[i];
                case "sub" -> x[i] - y[i];
                case "mul" -> x[i] * y[i];
                default -> x[i] / nonZero(y[i], a);
            };
        }
        return out;
    }

    private static double[] negated(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double[] inverses(double[] v, Attrs a) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = 1.0 / nonZero(v[i], a);
        }
        return out;
    }

    private static double nonZero(double v, Attrs a) {
        if (v == 0) {
            throw a.error("args", "a division by a public zero");
        }
        return v;
    }
}
