package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.analyses.stats.DpLinearRegression;
import org.consortia.mpc.analyses.stats.DpLogisticRegression;
import org.consortia.mpc.runtime.JointProgram;

import com.google.auto.service.AutoService;

/**
 * Differentially private logistic regression of the 0/1 {@code target} on {@code features} over every party's rows
 * ({@link DpLogisticRegression}: full-batch DP gradient descent inside the computation, per-example clipping, every
 * party's own discrete Gaussian noise per step); {@code resultParty} receives the weights (in the columns' units) and
 * then the bias of the logit.
 */
public record DpLogisticRegressionJob(String dataset, String[] features, String target, DpLinearRegression.Bounds[] bounds,
        int[] rows, int steps, double lr, double clip, int resultParty, Privacy privacy, int parties) implements Analysis {

    @Override
    public String name() {
        return "dp-logistic-regression";
    }

    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    /** The named features (the spec names them), then the bias. */
    @Override
    public java.util.List<String> resultLabels() {
        return Analysis.named("weight", features, "bias");
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            FeatureRows own = FeatureRows.own(ctx, parties, dataset, rows, features, target);
            return DpLogisticRegression.fit(party.backend(), rows, features.length, own.x(), own.y(), bounds, steps,
                    lr, clip, privacy.epsilon(), privacy.delta(), resultParty, new SecureRandom());
        };
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }

    /**
     * Malicious mode too: the clamp, the statistics and the grid's truncation run on the backend's ring ({@link
     * org.consortia.mpc.analyses.stats.DpLogisticRegression}), and every member's Gaussian noise is its own at the full sigma, so one honest member's suffices.
     */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code dp-logistic-regression}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("dp-logistic-regression");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return dpLogisticRegression(p);
        }

        private static DpLogisticRegressionJob dpLogisticRegression(SpecParams p) {
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String[] features = p.features();
            String target = p.string("target", null);
            var bounds = p.bounds("featureBounds", features.length);
            int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
            long total = Arrays.stream(rows).asLongStream().sum();
            if (total * (long) (features.length + 1) > p.limits.maxElements()) {
                throw new SpecException("rows", "rows times (features + 1) within this node's element limit");
            }
            int steps = p.integer("steps", Math.min(30, p.limits.maxIterations()), 1, p.limits.maxIterations());
            if ((double) steps * total * (features.length + 1) > SpecLimits.MAX_MATMUL_WORK) {
                throw new SpecException("steps", "steps x rows x (features + 1) of at most " + SpecLimits.MAX_MATMUL_WORK);
            }
            double lr = p.real("lr", 4.0, 1e-6, 1e3);
            double clip = p.real("clip", 1.0, 1e-3, 1e3);
            Privacy privacy = p.privacy();
            try {
                DpLogisticRegression.sigma(features.length, clip, steps, privacy.epsilon(),
                        privacy.delta());
            } catch (IllegalArgumentException e) {
                throw new SpecException("epsilon", "a larger epsilon or delta, or fewer steps");
            }
            return new DpLogisticRegressionJob(dataset, features, target, bounds, rows, steps, lr, clip, p.party("resultParty", 0),
                    privacy, p.parties);
        }
    }
}
