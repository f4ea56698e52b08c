package org.consortia.mpc.node.analysis;

import java.util.List;
import java.util.stream.IntStream;

import org.consortia.mpc.analyses.stats.SecureAggregation;
import org.consortia.mpc.runtime.JointProgram;

import com.google.auto.service.AutoService;

/**
 * Secure sum of one vector of {@code length} values per party (a one-row header-less CSV {@code input} in each
 * party's data directory), revealed to {@code resultParty} only, refused below {@code minContributors}; computed and
 * revealed a chunk at a time ({@link SecureAggregation#sumRevealedInChunks}).
 */
public record SecureSumJob(String input, int length, int resultParty, int minContributors, int parties) implements Analysis {

    @Override
    public String name() {
        return "secure-sum";
    }

    @Override
    public long rowsBehind() {
        return parties;
    }

    @Override
    public java.util.List<String> resultLabels() {
        return Analysis.indexed("sum", length);
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            double[] mine = myVector(ctx, input, length, parties);
            int[] all = IntStream.range(0, parties).toArray();
            return SecureAggregation.sumRevealedInChunks(party.backend(), all, length, mine, minContributors, resultParty);
        };
    }

    /** This party's vector (a one-row file of {@code length} values); every party's read is declared, only its own done. */
    static double[] myVector(JobContext ctx, String input, int length, int parties) {
        double[] mine = null;
        for (int k = 0; k < parties; k++) {
            double[] v = ctx.data().rows(k, input, 1, length);
            mine = v != null ? v : mine;
        }
        return mine;
    }

    /** Malicious mode too: inputs, additions and one reveal: every step written against the backend, so it runs on authenticated shares. */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code secure-sum}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("secure-sum");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return secureSum(p);
        }

        private static SecureSumJob secureSum(SpecParams p) {
            String input = DataDir.checkName("input", p.string("input", null));
            int length = p.integer("length", -1, 1, (int) Math.min(Integer.MAX_VALUE, p.limits.maxElements()));
            return new SecureSumJob(input, length, p.party("resultParty", 0),
                    p.integer("minContributors", p.parties, 1, p.parties), p.parties);
        }
    }
}
