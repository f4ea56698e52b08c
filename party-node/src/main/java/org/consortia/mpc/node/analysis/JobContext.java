package org.consortia.mpc.node.analysis;

/** What a job's program gets besides its {@code Party}: the members' files and the ledger of its reveals. */
public record JobContext(DataAccess data, RevealLedger reveals) {
}
