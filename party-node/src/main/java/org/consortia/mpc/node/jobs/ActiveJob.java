package org.consortia.mpc.node.jobs;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.sharing.dealer.Demand;

/**
 * A job this node accepted: its record, the typed analysis, the traced facts, the traced demand for correlated
 * randomness, where that randomness comes from (the dealer, or the parties by oblivious transfer), and how its
 * comparisons are computed (resolved from the consortium file and the offline mode alike at every node).
 */
public record ActiveJob(long session, JobRecord record, Analysis analysis, Facts facts, Demand demand, int fractionalBits,
        OfflineMode offline, org.consortia.mpc.protocols.Comparisons comparisons) {
}
