package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.analyses.stats.DpLinearRegression;
import org.consortia.mpc.runtime.JointProgram;

import com.google.auto.service.AutoService;

/**
 * Differentially private linear regression of {@code target} on {@code features} over every party's rows of
 * {@code dataset} ({@link DpLinearRegression}: values clamped to the declared public bounds inside the computation,
 * noisy sufficient statistics, every party's own discrete Gaussian noise); {@code resultParty} receives the
 * coefficients (in the columns' units) and then the intercept.
 */
public record DpLinearRegressionJob(String dataset, String[] features, String target, DpLinearRegression.Bounds[] bounds,
        DpLinearRegression.Bounds targetBounds, int[] rows, double ridge, int resultParty, Privacy privacy, int parties)
        implements Analysis {

    @Override
    public String name() {
        return "dp-linear-regression";
    }

    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    /** The named features (the spec names them), then the intercept. */
    @Override
    public java.util.List<String> resultLabels() {
        return Analysis.named("coefficient", features, "intercept");
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            FeatureRows own = FeatureRows.own(ctx, parties, dataset, rows, features, target);
            return DpLinearRegression.fit(party.backend(), rows, features.length, own.x(), own.y(), bounds,
                    targetBounds, privacy.epsilon(), privacy.delta(), ridge, resultParty, new SecureRandom());
        };
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }

    /**
     * Malicious mode too: the clamp, the statistics and the grid's truncation run on the backend's ring ({@link
     * org.consortia.mpc.analyses.stats.DpLinearRegression}), and every member's Gaussian noise is its own at the full sigma, so one honest member's suffices.
     */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code dp-linear-regression}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("dp-linear-regression");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return dpLinearRegression(p);
        }

        private static DpLinearRegressionJob dpLinearRegression(SpecParams p) {
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String[] features = p.features();
            String target = p.string("target", null);
            DpLinearRegression.Bounds[] bounds = p.bounds("featureBounds", features.length);
            var targetBounds = p.bounds("targetBounds", 1)[0];
            int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
            long total = Arrays.stream(rows).asLongStream().sum();
            if (total * (long) (features.length + 1) > p.limits.maxElements()) {
                throw new SpecException("rows", "rows times (features + 1) within this node's element limit");
            }
            Privacy privacy = p.privacy();
            double ridge = p.real("ridge", 1.0, 0, 1e9);
            try {
                DpLinearRegression.sigma(features.length, privacy.epsilon(), privacy.delta());
            } catch (IllegalArgumentException e) {
                throw new SpecException("epsilon", "a larger epsilon or delta");
            }
            return new DpLinearRegressionJob(dataset, features, target, bounds, targetBounds, rows, ridge, p.party("resultParty", 0),
                    privacy, p.parties);
        }
    }
}
