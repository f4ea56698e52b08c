package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.consortia.mpc.analyses.dp.DpNoise;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;

/**
 * A differentially private histogram of {@code column} of every party's table {@code dataset} over public bin
 * {@code edges} (values below the first edge count in the first bin, at or above the last in the last): each party
 * inputs its own counts, the sum is computed securely, and binomial noise no party knows ({@link DpNoise}) is added to
 * every bin before the bins are revealed to {@code resultParty}. Rows per party are public (the spec declares them),
 * so neighbouring datasets replace one row, which moves one count from one bin to another: each bin's noise is
 * calibrated for (epsilon/2, delta/2) at sensitivity 1, and the two bins compose to (epsilon, delta).
 */
public record DpHistogramJob(String dataset, String column, double[] edges, int[] rows, int resultParty, Privacy privacy,
        int parties) implements Analysis {

    @Override
    public String name() {
        return "dp-histogram";
    }

    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    /** Coins per bin. */
    public int coins() {
        return BinomialMechanism.coinsFor(privacy.epsilon() / 2, privacy.delta() / 2, 1);
    }

    /**
     * The noise dominates: bins x coins words from every party, and the XOR tree's products, sums and Beaver masks
     * beside them (at most 2 n + 4 arrays of that size at once).
     */
    @Override
    public Footprint footprint(int parties, int fracBits) {
        long words = (long) (edges.length - 1) * coins();
        return new Footprint(8L * words * (2L * parties + 4) + 8L * Analysis.total(rows), "epsilon");
    }

    /** One label per bin: {@code bin[lo,hi)}, the first open below, the last open above (as the counts are made). */
    @Override
    public java.util.List<String> resultLabels() {
        java.util.List<String> out = new java.util.ArrayList<>();
        int bins = edges.length - 1;
        for (int b = 0; b < bins; b++) {
            String lo = b == 0 ? "-inf" : label(edges[b]);
            String hi = b == bins - 1 ? "+inf" : label(edges[b + 1]);
            out.add("bin[" + lo + "," + hi + ")");
        }
        return out;
    }

    private static String label(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        int coins = coins();
        return party -> {
            Backend be = party.backend();
            int bins = edges.length - 1;
            SecretTensor total = null;
            for (int k = 0; k < parties; k++) {
                long[] mine = new long[bins];
                // streamed: a member's memory is one chunk whatever its rows
                var streamed = ctx.data().stream(k, dataset, rows[k], values -> java.util.List.of(column),
                        (flat, count) -> count(flat, count, mine));
                long[] counts = streamed == null ? null : mine;
                SecretTensor c = be.inputIntegers(k, Shape.of(bins), counts);
                total = total == null ? c : total.add(c);
            }
            SecretTensor noise = DpNoise.binomial(be, bins, coins, new SecureRandom());
            return total.add(noise).revealTo(resultParty);
        };
    }

    long[] counts(double[] values) {
        long[] c = new long[edges.length - 1];
        count(values, values.length, c);
        return c;
    }

    /** Adds the first {@code n} values to the bins' counts {@code c}. */
    void count(double[] values, int n, long[] c) {
        for (int i = 0; i < n; i++) {
            double v = values[i];
            int b = 0;
            while (b + 1 < c.length && v >= edges[b + 1]) {
                b++;
            }
            c[b]++;
        }
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }

    /** Malicious mode too: the counts and the binomial noise (every member's coins checked to be bits on authenticated shares). */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code dp-histogram}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("dp-histogram");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return dpHistogram(p);
        }

        private static DpHistogramJob dpHistogram(SpecParams p) {
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String column = p.string("column", null);
            String v = p.string("edges", null);
            double[] edges;
            try {
                edges = Arrays.stream(v.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException e) {
                edges = new double[0];
            }
            boolean increasing = edges.length >= 2 && edges.length <= 1001;
            for (int i = 1; increasing && i < edges.length; i++) {
                increasing = edges[i] > edges[i - 1] && Double.isFinite(edges[i]);
            }
            if (!increasing) {
                throw new SpecException("edges", "2 to 1001 comma-separated increasing numbers (the bins' bounds)");
            }
            int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
            Privacy privacy = p.privacy();
            DpHistogramJob job = new DpHistogramJob(dataset, column, edges, rows, p.party("resultParty", 0), privacy, p.parties);
            p.noiseWithinLimits(edges.length - 1, () -> job.coins());
            return job;
        }
    }
}
