package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.analysis.DpAggregation;
import org.consortia.mpc.runtime.JointProgram;

/**
 * Differentially private secure sum (or mean) of one vector of {@code length} values per party (a one-row header-less
 * CSV {@code input} in each party's data directory), as federated learning aggregates updates
 * ({@link DpAggregation}: entries clamped to [-bound, bound] and each vector clipped to L2 norm {@code clip} inside the
 * computation, every party's own
 * discrete Gaussian noise), revealed to {@code resultParty} only.
 */
public record DpSecureSumJob(boolean mean, String input, int length, double clip, double bound, int resultParty,
        Privacy privacy, int parties) implements Analysis {

    @Override
    public String name() {
        return mean ? "dp-secure-mean" : "dp-secure-sum";
    }

    @Override
    public long rowsBehind() {
        return parties;
    }

    @Override
    public java.util.List<String> resultLabels() {
        return Analysis.indexed(mean ? "mean" : "sum", length);
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            double[] mine = SecureSumJob.myVector(ctx, input, length, parties);
            return DpAggregation.sum(party.backend(), length, mine, clip, bound, mean, privacy.epsilon(), privacy.delta(),
                    resultParty, new SecureRandom());
        };
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }
}
