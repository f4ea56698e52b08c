package org.consortia.mpc.node.jobs;

import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.sharing.dealer.Demand;

/** A job this node accepted: its record, the typed analysis, the traced facts and the dealer's demand. */
public record ActiveJob(long session, JobRecord record, Analysis analysis, Facts facts, Demand dealerDemand, int fractionalBits) {
}
