package org.consortia.mpc.protocols.analysis;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Sum and mean of equal-length vectors contributed by several parties (e.g. federated model updates),
 * revealed only in aggregate and only to the named recipients. Inputs cost no messages and the sum is local,
 * so the whole protocol is one opening: 1 round, {@code length} words from every party to every recipient.
 * A minimum number of contributors is checked before anything is input, so a too-small aggregate is never
 * computed.
 */
public final class SecureAggregation {
    private SecureAggregation() {
    }

    /**
     * @param contributors   the parties that input a vector (public)
     * @param mine           this party's vector (read only if it contributes)
     * @param minContributors refuse unless at least this many parties contribute
     * @return the sum, shared (reveal it to the recipients)
     */
    public static SecretTensor sum(Backend be, int[] contributors, int length, double[] mine, int minContributors) {
        if (contributors.length < minContributors) {
            throw new MpcArgumentException("secure aggregation: " + contributors.length + " contributors, the job requires at least "
                    + minContributors);
        }
        if (contributors.length == 0) {
            throw new MpcArgumentException("secure aggregation: no contributors");
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        SecretTensor acc = null;
        for (int c : contributors) {
            MpcArgumentException.checkParty(c, be.parties(), "contributor");
            if (!seen.add(c)) {
                throw new MpcArgumentException("secure aggregation: party " + c + " is listed twice as a contributor");
            }
            SecretTensor v = be.input(c, Shape.vector(length), be.party() == c ? mine : null);
            acc = acc == null ? v : acc.add(v);
        }
        return acc;
    }

    /** The mean: the sum times 1/contributors (one truncation round). */
    public static SecretTensor mean(Backend be, int[] contributors, int length, double[] mine, int minContributors) {
        return sum(be, contributors, length, mine, minContributors).mul(1.0 / contributors.length);
    }
}
