package org.consortia.mpc.programs.ops;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * Elementwise functions: {@code neg abs relu sigmoid exp log sqrt rsqrt reciprocal} ({@code rsqrt}: 1/sqrt over the wide
 * range the regressions' standardization uses, variances up to 2^24), and {@code clamp} with public
 * {@code lo <= hi}. On a public value they are computed in plaintext; on a secret one by the kernels (exact for neg,
 * abs, relu and clamp; the approximations' ranges and errors are in docs/accuracy.md).
 */
public final class UnaryOp implements Op {
    @Override
    public List<String> names() {
        return List.of("neg", "abs", "relu", "sigmoid", "exp", "log", "sqrt", "rsqrt", "reciprocal", "clamp");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    /**
     * The declared cost of {@code name} on {@code n} elements: the comparison kernels' declarations for the exact ops;
     * for the approximations, an upper bound per element measured against the counters (ProgramCostTest checks it).
     */
    static Cost cost(String name, int n) {
        return cost(name, n, Comparisons.BOOLEAN);
    }

    /** As {@link #cost(String, int)} with comparisons in {@code mode}. */
    static Cost cost(String name, int n, Comparisons mode) {
        return switch (name) {
            case "neg" -> new Cost(0, 0);
            case "abs", "relu" -> Costs.relu(n, mode);
            case "clamp" -> Costs.ltz(2 * n, mode).then(Costs.mul(2 * n));
            case "sigmoid" -> new Cost(SIGMOID_ROUNDS, SIGMOID_WORDS * n);
            case "exp" -> new Cost(EXP_ROUNDS, EXP_WORDS * n);
            case "log" -> new Cost(LOG_ROUNDS, LOG_WORDS * n);
            case "sqrt" -> new Cost(SQRT_ROUNDS, SQRT_WORDS * n);
            case "rsqrt" -> new Cost(RSQRT_ROUNDS, RSQRT_WORDS * n);
            case "reciprocal" -> new Cost(RECIPROCAL_ROUNDS, RECIPROCAL_WORDS * n);
            default -> throw new IllegalArgumentException(name);
        };
    }

    // upper bounds: the rounds and the words per element and peer measured on the counters with 2, 3 and 5 parties, input
    // and reveal included (ProgramCostTest checks them, and that they are not loose)
    static final int SIGMOID_ROUNDS = 26;
    static final long SIGMOID_WORDS = 90;
    static final int EXP_ROUNDS = 19;
    static final long EXP_WORDS = 160;
    static final int LOG_ROUNDS = 22;
    static final long LOG_WORDS = 155;
    static final int SQRT_ROUNDS = 40;
    static final long SQRT_WORDS = 115;
    static final int RSQRT_ROUNDS = 38;
    static final long RSQRT_WORDS = 165;
    static final int RECIPROCAL_ROUNDS = 26;
    static final long RECIPROCAL_WORDS = 145;

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        double lo = name.equals("clamp") ? a.real("lo", -1e9, 1e9) : 0;
        double hi = name.equals("clamp") ? a.real("hi", -1e9, 1e9) : 0;
        if (lo > hi) {
            throw a.error("lo", "lo <= hi");
        }
        Type t = Type.value(x.dims(), x.secret(), false, x.flow());
        int n = (int) x.size();
        return Bound.ofModes(t, (parties, mode) -> x.secret() ? UnaryOp.cost(name, n, mode) : new Cost(0, 0), (ev, vals) -> {
            Value v = vals.get(0);
            if (v instanceof Value.Public p) {
                DoubleUnaryOperator f = plain(name, lo, hi);
                double[] out = new double[p.values().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = f.applyAsDouble(p.values()[i]);
                }
                return new Value.Public(p.dims(), out);
            }
            SecretTensor s = Values.fixed(ev.backend(), v);
            return new Value.Secret(switch (name) {
                case "neg" -> s.neg();
                case "abs" -> s.abs();
                case "relu" -> s.relu();
                case "sigmoid" -> s.sigmoid();
                case "exp" -> s.exp();
                case "log" -> s.log();
                case "sqrt" -> s.sqrt();
                case "rsqrt" -> SecretTensor.fromShare(ev.backend(), s.shape(), Approx.rsqrtWide(ev.backend(), s.share(),
                        s.scale()), s.scale());
                case "reciprocal" -> s.reciprocal();
                default -> s.clamp(lo, hi);
            });
        });
    }

    static DoubleUnaryOperator plain(String name, double lo, double hi) {
        return switch (name) {
            case "neg" -> v -> -v;
            case "abs" -> Math::abs;
            case "relu" -> v -> Math.max(v, 0);
            case "sigmoid" -> v -> 1 / (1 + Math.exp(-v));
            case "exp" -> Math::exp;
            case "log" -> Math::log;
            case "sqrt" -> Math::sqrt;
            case "rsqrt" -> v -> 1 / Math.sqrt(v);
            case "reciprocal" -> v -> 1 / v;
            default -> v -> Math.min(Math.max(v, lo), hi);
        };
    }
}
