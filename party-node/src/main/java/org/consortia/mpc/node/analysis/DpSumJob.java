package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.dp.BinomialMechanism;
import org.consortia.mpc.protocols.dp.DpNoise;
import org.consortia.mpc.protocols.dp.OwnerClamp;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * A differentially private sum (or mean) of {@code column} over every party's rows of {@code dataset}: each party
 * inputs its values secretly, every value is clamped to [lower, upper] inside the computation (the sensitivity is
 * enforced, not trusted), the total is rounded to a grid of 2^-g (g chosen so that the range spans 8 to 16 grid
 * steps) and binomial noise no party knows is added before the one value is revealed to {@code resultParty}. Rows
 * per party are public, so neighbouring datasets replace one row: the total moves by at most (upper - lower), which
 * is at most ceil(range 2^g) + 1 grid steps after rounding. The mean is the noisy sum over the public row count.
 */
public record DpSumJob(boolean mean, String dataset, String column, double lower, double upper, int[] rows, int resultParty,
        Privacy privacy, int parties) implements Analysis {

    @Override
    public String name() {
        return mean ? "dp-mean" : "dp-sum";
    }

    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    /** The grid: values are revealed in steps of 2^-g, at most {@code fracBits}. */
    public int gridBits(int fracBits) {
        int g = Math.getExponent(16 / (upper - lower)); // floor(log2), exactly and the same on every node
        return Math.min(fracBits, g);
    }

    /** The sensitivity in grid steps (rounding adds one). */
    public int sensitivity(int fracBits) {
        return (int) Math.ceil((upper - lower) * Math.scalb(1.0, gridBits(fracBits))) + 1;
    }

    public int coins(int fracBits) {
        return BinomialMechanism.coinsFor(privacy.epsilon(), privacy.delta(), sensitivity(fracBits));
    }

    /** One noise value's coins from every party (as the histogram's) and every party's rows with their comparisons. */
    @Override
    public Footprint footprint(int parties, int fracBits) {
        long coins = coins(fracBits);
        return new Footprint(8L * coins * (2L * parties + 4) + 64L * Analysis.total(rows), "epsilon");
    }

    @Override
    public java.util.List<String> resultLabels() {
        return java.util.List.of(mean ? "mean[" + column + "]" : "sum[" + column + "]");
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            Backend be = party.backend();
            int f = be.fixedPoint().fracBits();
            int coins = coins(f);
            int g = gridBits(f);
            SecretTensor total = null;
            for (int k = 0; k < parties; k++) {
                Table t = ctx.data().table(k, dataset, rows[k]);
                double[] v = t == null ? null : OwnerClamp.clamp(t.columnValues(column), lower, upper);
                SecretTensor s = be.input(k, Shape.of(rows[k]), v).clamp(lower, upper).sum();
                total = total == null ? s : total.add(s);
            }
            long[] grid = f == g ? total.share() : be.truncate(total.share(), f - g); // steps of 2^-g, within one step
            SecretTensor noisy = SecretTensor.fromShare(be, Shape.of(1), grid, 0)
                    .add(DpNoise.binomial(be, 1, coins, new SecureRandom()));
            double[] out = noisy.revealTo(resultParty);
            if (out == null) {
                return null;
            }
            double value = Math.scalb(out[0], -g);
            return new double[] {mean ? value / rowsBehind() : value};
        };
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }
}
