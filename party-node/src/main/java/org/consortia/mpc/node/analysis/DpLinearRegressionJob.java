package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.analysis.DpLinearRegression;
import org.consortia.mpc.runtime.JointProgram;

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
}
