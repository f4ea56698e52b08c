package org.consortia.mpc.node.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.consortia.mpc.analyses.dp.DiscreteGaussian;
import org.consortia.mpc.analyses.dp.RdpAccountant;
import org.consortia.mpc.analyses.stats.DpAggregation;
import org.consortia.mpc.analyses.stats.DpLinearRegression;
import org.consortia.mpc.analyses.stats.DpLogisticRegression;
import org.junit.jupiter.api.Test;

/**
 * Every DP mechanism's noise against the accountant, over the whole parameter range the parser allows: for a grid that
 * spans each analysis's epsilon, delta and shape limits (their extremes included), the noise the analysis asks for is
 * calibrated, the sampler is built with it, and the epsilon (Gaussian) or delta (binomial) of the noise the sampler
 * actually draws is recomputed by the accountant: it must not exceed what the ledger charges. A calibration the
 * sampler cannot represent must be refused (the parser turns that into a refusal of the job), never capped.
 *
 * <p>Writes the table to {@code target/dp-calibration.md} and checks that {@code docs/dp-calibration.md} is the same
 * (regenerate: {@code ./mvnw -pl party-node test -Dtest=DpCalibrationAuditTest -Dmpc.writeDocs=true}).
 */
class DpCalibrationAuditTest {
    private static final double[] EPSILONS = {1e-3, 0.01, 0.1, 1, 10, 100};
    private static final double[] DELTAS = {1e-15, 1e-10, 1e-6, 1e-3, 0.1};

    /** One analysis's audit: cases, refusals, the worst realized-over-charged ratio and the largest noise. */
    private static final class Row {
        final String analysis;
        final String mechanism;
        final String grid;
        int cases;
        int refused;
        double worst;
        double largestNoise;

        Row(String analysis, String mechanism, String grid) {
            this.analysis = analysis;
            this.mechanism = mechanism;
            this.grid = grid;
        }

        String line() {
            return String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.4f | %.3g |", analysis, mechanism, grid, cases,
                    refused, worst, largestNoise);
        }
    }

    /** A Gaussian case: the analysis's sigma (or a refusal), realized by the sampler and re-accounted. */
    private static void gaussian(Row row, double epsilon, double delta, double sensitivity, int releases, DoubleSupplier sigma) {
        row.cases++;
        double s;
        try {
            s = sigma.getAsDouble();
        } catch (IllegalArgumentException refused) {
            row.refused++;
            return;
        }
        DiscreteGaussian dg = new DiscreteGaussian(s, new SecureRandom());
        double held = Math.sqrt(dg.sigmaSquared());
        double realized = DiscreteGaussian.epsilon(held, delta, sensitivity, releases);
        double ratio = realized / epsilon;
        assertTrue(ratio <= 1 + 1e-9, row.analysis + ": epsilon " + epsilon + " delta " + delta + " sensitivity "
                + sensitivity + " releases " + releases + ": sigma " + s + " held as " + held + " gives epsilon " + realized);
        // independently of the accountant: the Gaussian mechanism's exact delta at the charged epsilon (Balle and Wang
        // 2018, Theorem 8; T releases of sensitivity D compose exactly to one of sensitivity sqrt(T) D)
        double r = Math.sqrt(releases) * sensitivity / held;
        double exact = phi(r / 2 - epsilon / r) - Math.exp(epsilon) * phi(-r / 2 - epsilon / r);
        assertTrue(exact <= delta * (1 + 1e-6), row.analysis + ": epsilon " + epsilon + " delta " + delta + " sensitivity "
                + sensitivity + " releases " + releases + ": sigma " + held + " has the exact delta " + exact);
        row.worst = Math.max(row.worst, ratio);
        row.largestNoise = Math.max(row.largestNoise, held);
    }

    /** The standard normal distribution function. */
    static double phi(double x) {
        return RdpAccountant.erfc(-x / Math.sqrt(2)) / 2;
    }

    /** A binomial case: the coins (or a refusal) and the exact delta of those coins at the charged epsilon. */
    private static void binomial(Row row, double epsilon, double delta, int sensitivity) {
        row.cases++;
        int coins;
        try {
            coins = BinomialMechanism.coinsFor(epsilon, delta, sensitivity);
        } catch (IllegalArgumentException refused) {
            row.refused++;
            return;
        }
        double realized = BinomialMechanism.delta(coins, sensitivity, epsilon);
        assertTrue(realized <= delta, row.analysis + ": epsilon " + epsilon + " delta " + delta + " sensitivity "
                + sensitivity + ": " + coins + " coins give delta " + realized);
        row.worst = Math.max(row.worst, realized / delta);
        row.largestNoise = Math.max(row.largestNoise, BinomialMechanism.stddev(coins));
    }

    @Test
    void everyMechanismDeliversWhatTheLedgerCharges() throws Exception {
        List<Row> rows = new ArrayList<>();

        Row agg = new Row("dp-secure-sum, dp-secure-mean", "discrete Gaussian",
                "length 1 to 2^20, clip 2^-8 to 4096, bound 1e-6 to its largest, f 13 to 30");
        for (int length : new int[] {1, 1024, 1 << 20}) {
            double widest = Math.sqrt(Math.scalb(1.0, 22) / length) * 0.999;
            for (double clip : new double[] {Math.scalb(1.0, -8), 1, 4096}) {
                for (double bound : new double[] {1e-6, widest}) {
                    for (int f : new int[] {13, 16, 30}) {
                        double sens = DpAggregation.sensitivity(length, clip, bound, f);
                        for (double e : EPSILONS) {
                            for (double d : DELTAS) {
                                gaussian(agg, e, d, sens, 1, () -> DpAggregation.sigma(length, clip, bound, f, e, d));
                            }
                        }
                    }
                }
            }
        }
        rows.add(agg);

        Row lin = new Row("dp-linear-regression", "discrete Gaussian", "features 1 to 64");
        for (int d : new int[] {1, 8, 64}) {
            for (double e : EPSILONS) {
                for (double dl : DELTAS) {
                    gaussian(lin, e, dl, DpLinearRegression.sensitivity(d), 1, () -> DpLinearRegression.sigma(d, e, dl));
                }
            }
        }
        rows.add(lin);

        Row log = new Row("dp-logistic-regression", "discrete Gaussian, composed over steps",
                "features 1 to 64, clip 1e-3 to 1e3, steps 1 to 1000");
        for (int d : new int[] {1, 64}) {
            for (double clip : new double[] {1e-3, 1, 1e3}) {
                for (int steps : new int[] {1, 30, 1000}) {
                    double sens = DpLogisticRegression.sensitivity(d, clip);
                    for (double e : EPSILONS) {
                        for (double dl : DELTAS) {
                            gaussian(log, e, dl, sens, steps, () -> DpLogisticRegression.sigma(d, clip, steps, e, dl));
                        }
                    }
                }
            }
        }
        rows.add(log);

        // the binomial's exact delta costs coins x sensitivity per evaluation: a coarser epsilon grid
        Row sum = new Row("dp-sum, dp-mean", "binomial (coins from every party)", "sensitivity 2 to 17 grid steps");
        for (int s : new int[] {2, 9, 17}) {
            for (double e : new double[] {0.1, 1, 10}) {
                for (double d : new double[] {1e-10, 1e-6, 0.1}) {
                    binomial(sum, e, d, s);
                }
            }
        }
        rows.add(sum);

        Row hist = new Row("dp-histogram", "binomial per bin, (epsilon/2, delta/2) each", "sensitivity 1 per bin");
        for (double e : new double[] {0.01, 0.1, 1, 10, 100}) {
            for (double d : new double[] {1e-15, 1e-10, 1e-6, 0.1}) {
                binomial(hist, e / 2, d / 2, 1);
            }
        }
        rows.add(hist);

        StringBuilder md = new StringBuilder();
        md.append("# DP calibration audit\n\n");
        md.append("Generated by `DpCalibrationAuditTest` (party-node); do not edit by hand. For every DP analysis, a grid over\n");
        md.append("the parameter range its parser allows (epsilon 1e-3 to 100, delta 1e-15 to 0.1 and each analysis's shape\n");
        md.append("limits, extremes included): the noise the analysis calibrates is built into the sampler, and the accountant\n");
        md.append("recomputes the privacy of the noise the sampler really draws. `worst` is the largest ratio realized / charged\n");
        md.append("(epsilon for the Gaussian analyses, delta for the binomial ones): at most 1 everywhere, so the ledger never\n");
        md.append("charges less than the release costs; every Gaussian case is also checked against the Gaussian mechanism's\n");
        md.append("exact delta (Balle and Wang 2018), independently of the accountant. A case the sampler cannot represent (sigma above ");
        md.append(String.format(Locale.ROOT, "%.0e", DiscreteGaussian.MAX_SIGMA));
        md.append(", or more than\n").append(BinomialMechanism.MAX_COINS).append(" coins) is refused when the job is parsed; it is never capped.\n\n");
        md.append("| analysis | mechanism | grid | cases | refused | worst | largest noise (sd, grid steps) |\n");
        md.append("|---|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(r.line()).append('\n');
            System.out.println(r.line());
        }
        String table = md.toString();
        GeneratedDoc.check("dp-calibration.md", table);
    }
}
