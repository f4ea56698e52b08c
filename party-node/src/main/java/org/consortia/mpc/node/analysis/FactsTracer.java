package org.consortia.mpc.node.analysis;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * Derives a job's {@link Facts} from its program: a dry run as an observer that owns no input (node id
 * {@code parties}, the dealer's) with a tracing {@link DataAccess} and a tracing {@link RevealLedger}. Nothing
 * is read and nothing is sent; the same run yields the dealer's demand.
 */
public final class FactsTracer {
    private FactsTracer() {
    }

    /** The facts and the dealer's demand of {@code analysis} among {@code parties} parties. */
    public record Traced(Facts facts, Demand demand) {
    }

    public static Traced trace(Analysis analysis, int parties, FixedPoint fp) {
        return trace(analysis, parties, fp, Comparisons.BOOLEAN);
    }

    /** As above, with the session's comparisons computed in {@code comparisons} mode (which shapes the demand). */
    public static Traced trace(Analysis analysis, int parties, FixedPoint fp, Comparisons comparisons) {
        DataAccess data = DataAccess.tracing();
        RevealLedger reveals = RevealLedger.tracing(parties, analysis.rowsBehind());
        Demand demand = JobRunner.discoverDemand(analysis.program(new JobContext(data, reveals)), parties, parties, fp, reveals,
                comparisons);
        return new Traced(new Facts(data.traced(), reveals.performed()), demand);
    }
}
