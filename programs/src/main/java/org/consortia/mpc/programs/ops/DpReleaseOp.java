package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.consortia.mpc.analyses.dp.DpNoise;
import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Source;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code dp_sum dp_mean}: a differentially private sum (or mean) over the rows of a row-local {@code [rows, k]} value,
 * as the built-in dp-sum computes it: every value clamped to [{@code lower}, {@code upper}] inside the computation (the
 * sensitivity is enforced, not trusted), each column's sum rounded to a grid of 2^-g and binomial noise no party knows
 * added, for (epsilon/k, delta/k) per column. One row replaced moves a column's sum by at most upper - lower. The
 * result stays secret (reveal it, or compute on): its data count as released through DP.
 */
public final class DpReleaseOp implements Op {
    @Override
    public List<String> names() {
        return List.of("dp_sum", "dp_mean");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    /** A bound release: its cost in privacy. */
    public record Node(Type type, double epsilon, double delta, double lower, double upper, int rows, int columns, int coins,
            int grid, boolean mean) implements Bound {
        @Override
        public Cost cost(int parties) {
            return cost(parties, Comparisons.BOOLEAN);
        }

        @Override
        public Cost cost(int parties, Comparisons mode) {
            long n = (long) rows * columns;
            // the clamp's comparisons and products, the grid's truncation, each party's coins and the noise's products
            return Costs.ltz((int) (2 * n), mode).then(Costs.mul((int) (2 * n))).then(new Cost(1, columns))
                    .then(noiseCost(parties, (long) columns * coins))
                    .then(mean ? ReduceOp.divideCost(columns, rows) : new Cost(0, 0));
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            Backend be = ev.backend();
            int f = be.fixedPoint().fracBits();
            SecretTensor x = Values.fixed(be, args.get(0)).clamp(lower, upper).sum(0); // [k]
            long[] onGrid = f == grid ? x.share() : be.truncate(x.share(), f - grid);
            SecretTensor noisy = SecretTensor.fromShare(be, Shape.of(columns), onGrid, 0)
                    .add(DpNoise.binomial(be, columns, coins, ev.random()));
            // back to the session's scale: exact, local
            long[] scaled = noisy.mulIntegers(filled(columns, 1L << (f - grid))).share();
            SecretTensor sum = SecretTensor.fromShare(be, Shape.of(columns), scaled, f);
            return new Value.Secret(mean ? ReduceOp.divide(sum, rows) : sum);
        }

        /**
         * Every party's coins input (a word per coin and peer), then ceil(log2 parties) levels of XOR products (two words
         * per coin and peer each): measured within a factor of 2 among 2 to 5 parties (ProgramCostTest).
         */
        static Cost noiseCost(int parties, long coins) {
            int levels = 32 - Integer.numberOfLeadingZeros(parties - 1);
            return new Cost(1 + levels, coins * (2 + 2L * levels) * (parties - 1));
        }

        private static long[] filled(int n, long v) {
            long[] out = new long[n];
            java.util.Arrays.fill(out, v);
            return out;
        }
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        Flow f = x.flow();
        if (!x.secret() || x.rank() != 2 || f.rowAxis() != 0 || !f.rowLocal() || !f.distinctRows()) {
            throw a.error("args", "a row-local [rows, k] value of members' data: each row computed from that row alone "
                    + "(inputs, constants and elementwise ops), every row a distinct row of the data (no row repeated, "
                    + "stretched or padded), so that one row replaced moves one row");
        }
        double lower = a.real("lower", -1e6, 1e6);
        double upper = a.real("upper", -1e6, 1e6);
        if (!(lower < upper)) {
            throw a.error("upper", "lower < upper");
        }
        double epsilon = a.real("epsilon", 1e-3, 100);
        double delta = a.real("delta", 1e-15, 0.1);
        int rows = x.dims()[0];
        int columns = x.dims()[1];
        if (rows * Math.max(Math.abs(lower), Math.abs(upper)) >= Math.scalb(1.0, 60 - ctx.fracBits())) {
            throw a.error("upper", "bounds whose sum over the rows stays inside the fixed-point range (rows x max(|lower|, "
                    + "|upper|) below 2^" + (60 - ctx.fracBits()) + ")");
        }
        int grid = Math.min(ctx.fracBits(), Math.getExponent(16 / (upper - lower)));
        int sensitivity = (int) Math.ceil((upper - lower) * Math.scalb(1.0, grid)) + 1;
        int coins;
        try {
            coins = BinomialMechanism.coinsFor(epsilon / columns, delta / columns, sensitivity);
        } catch (IllegalArgumentException e) {
            throw a.error("epsilon", "a larger epsilon or delta: the noise would need more than " + BinomialMechanism.MAX_COINS
                    + " coins");
        }
        if ((long) columns * coins * 8 * (2L * ctx.parties() + 4) > ctx.limits().maxTotalElements() * 8) {
            throw a.error("epsilon", "a larger epsilon or fewer columns: the noise's coins exceed the element limit");
        }
        Flow out = new Flow(java.util.Map.of(), java.util.Map.of(), -1, false, java.util.Set.of(), union(f), java.util.Set.of(),
                java.util.Map.of());
        Type t = Type.value(new int[] {columns}, true, false, out);
        return new Node(t, epsilon, delta, lower, upper, rows, columns, coins, grid, name.equals("dp_mean"));
    }

    private static java.util.Set<Source> union(Flow f) {
        java.util.Set<Source> s = new java.util.TreeSet<>(f.raw());
        s.addAll(f.dp());
        return s;
    }

    /**
     * Malicious mode too: the clamp, the sum and the grid's truncation run on the backend's ring, and on authenticated
     * shares {@link DpNoise#binomial} checks that every member's coins are bits (a member that inputs other integers
     * could give the noise gaps that reveal the sum modulo their width): a coin that is not fails the job with
     * {@code CHECK_FAILED} before anything is revealed.
     */
    @Override
    public boolean runsMalicious(String name) {
        return true;
    }
}
