package org.consortia.mpc.node.jobs;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.sharing.dealer.Demand;

/**
 * A job this node accepted: its record, the typed analysis, the traced facts, the traced demand for correlated
 * randomness, where that randomness comes from (the dealer, or the parties by oblivious transfer), and how its
 * comparisons are computed (resolved from the consortium file and the offline mode alike at every node), and against
 * whom it is secure (in malicious mode {@code demand} is the semi-honest trace's: the node discovers the authenticated
 * items when it runs the job, and the dealer's digest check holds every node to the same).
 */
public record ActiveJob(long session, JobRecord record, Analysis analysis, Facts facts, Demand demand, int fractionalBits,
        OfflineMode offline, Comparisons comparisons, SecurityMode security) {
}
