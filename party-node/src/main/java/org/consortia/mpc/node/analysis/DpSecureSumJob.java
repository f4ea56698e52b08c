package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.List;

import org.consortia.mpc.analyses.stats.DpAggregation;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.sharing.fixed.FixedPoint;

import com.google.auto.service.AutoService;

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

    /**
     * Malicious mode too: the clipping and every member's full-sigma Gaussian noise (one honest member's noise suffices,
     * whatever the others input).
     */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /**
     * The job types {@code dp-secure-sum, dp-secure-mean}: a spec's parameters, each checked,
     * into this job ({@link JobTypes}).
     */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("dp-secure-sum", "dp-secure-mean");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return dpSecureSum(name.endsWith("mean"), p);
        }

        private static DpSecureSumJob dpSecureSum(boolean mean, SpecParams p) {
            String input = DataDir.checkName("input", p.string("input", null));
            int length = p.integer("length", -1, 1, (int) Math.min(DpAggregation.MAX_LENGTH,
                    p.limits.maxElements() / Math.max(1, p.parties)));
            double clip = p.real("clip", Double.NaN, Math.scalb(1.0, -8), 4096);
            double bound = p.real("bound", Double.NaN, 1e-6, 1e6);
            if (!DpAggregation.inRange(length, bound)) {
                throw new SpecException("bound", "a bound on every entry with length times bound^2 below 2^22");
            }
            Privacy privacy = p.privacy();
            try {
                DpAggregation.sigma(length, clip, bound, FixedPoint.DEFAULT_FRACTIONAL_BITS,
                        privacy.epsilon(), privacy.delta());
            } catch (IllegalArgumentException e) {
                throw new SpecException("epsilon", "a larger epsilon or delta");
            }
            return new DpSecureSumJob(mean, input, length, clip, bound, p.party("resultParty", 0), privacy, p.parties);
        }
    }
}
