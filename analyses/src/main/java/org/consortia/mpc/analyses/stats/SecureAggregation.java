package org.consortia.mpc.analyses.stats;

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

    /** Elements aggregated and revealed at a time by {@link #sumRevealedInChunks}: 8 MiB per vector and party. */
    public static final int CHUNK = 1 << 20;

    /**
     * The sum revealed to {@code recipient} only ({@code null} elsewhere), computed and opened {@link #CHUNK}
     * elements at a time, so that the shares alive at once are those of one chunk whatever the length: one
     * opening per chunk, the same words in all as {@link #sum} followed by a reveal.
     */
    public static double[] sumRevealedInChunks(Backend be, int[] contributors, int length, double[] mine,
            int minContributors, int recipient) {
        MpcArgumentException.checkParty(recipient, be.parties(), "recipient");
        boolean here = be.party() == recipient;
        double[] out = here ? new double[length] : null;
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            double[] part = mine == null ? null : java.util.Arrays.copyOfRange(mine, from, from + n);
            double[] z = sum(be, contributors, n, part, minContributors).revealTo(recipient);
            if (here && z != null) {
                System.arraycopy(z, 0, out, from, n);
            }
        }
        return out;
    }

    /** The mean: the sum times 1/contributors (one truncation round). */
    public static SecretTensor mean(Backend be, int[] contributors, int length, double[] mine, int minContributors) {
        return sum(be, contributors, length, mine, minContributors).mul(1.0 / contributors.length);
    }
}
