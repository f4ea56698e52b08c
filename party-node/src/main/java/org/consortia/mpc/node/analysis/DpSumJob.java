package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.consortia.mpc.analyses.dp.DpNoise;
import org.consortia.mpc.analyses.dp.OwnerClamp;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;

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

    /** Malicious mode too: the clamp, the sum and the binomial noise (every member's coins checked to be bits on authenticated shares). */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code dp-sum, dp-mean}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("dp-sum", "dp-mean");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return dpSum(name.equals("dp-mean"), p);
        }

        private static DpSumJob dpSum(boolean mean, SpecParams p) {
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String column = p.string("column", null);
            double lower = p.real("lower", Double.NaN, -1e9, 1e9);
            double upper = p.real("upper", Double.NaN, -1e9, 1e9);
            if (!(upper > lower)) {
                throw new SpecException("upper", "a number above lower (the clamp range of one row's value)");
            }
            int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
            long total = Arrays.stream(rows).asLongStream().sum();
            // the clamped total must stay far inside the ring: |sum| 2^f < 2^60 at the largest fractional bits
            if (total * Math.max(Math.abs(lower), Math.abs(upper)) >= Math.scalb(1.0, 60 - FixedPoint.MAX_FRACTIONAL_BITS)) {
                throw new SpecException("upper", "bounds whose largest magnitude times the rows stays below 2^"
                        + (60 - FixedPoint.MAX_FRACTIONAL_BITS));
            }
            DpSumJob job = new DpSumJob(mean, dataset, column, lower, upper, rows, p.party("resultParty", 0), p.privacy(), p.parties);
            p.noiseWithinLimits(1, () -> job.coins(FixedPoint.DEFAULT_FRACTIONAL_BITS));
            return job;
        }
    }
}
