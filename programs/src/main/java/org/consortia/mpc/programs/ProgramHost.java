package org.consortia.mpc.programs;

import java.util.function.Supplier;

/**
 * Where a running program meets its node: the member's data, and the ledger that checks every opening against what
 * the program declared. The simulator reads CSV files and records nothing; a node reads its data directory and
 * refuses undeclared reads and reveals.
 */
public interface ProgramHost {
    /**
     * The rows of {@code read} at its member, row-major {@code [rows, columns]}, sorted by the key when there is one,
     * with a hash of the sorted keys; {@code null} at every other party (they read nothing).
     */
    Rows read(InputRead read);

    /** Runs the opening of {@code reveal} to {@code recipient} (-1: every member); a host that checks nothing opens. */
    default <T> T revealing(RevealFact reveal, int recipient, Supplier<T> open) {
        return open.get();
    }

    /** Runs a one-bit check {@code what} whose opening stops the job when it fails (the key-set equality). */
    default <T> T checking(String what, Supplier<T> open) {
        return open.get();
    }

    /**
     * A member's rows: values row-major, a hash of its sorted keys (0 without a key), and for a join's read each row's
     * key as a 60-bit hash ({@code null} otherwise).
     */
    record Rows(double[] values, long keyHash, long[] rowKeys) {
        public Rows(double[] values, long keyHash) {
            this(values, keyHash, null);
        }

        @Override
        public String toString() {
            return "Rows[private]"; // a member's data never reaches a log
        }
    }
}
