package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.analysis.DpLinearRegression;
import org.consortia.mpc.protocols.analysis.DpLogisticRegression;
import org.consortia.mpc.runtime.JointProgram;

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
}
