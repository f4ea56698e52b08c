package org.consortia.mpc.node.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.consortia.mpc.protocols.net.RevealListener;

/**
 * Every value a job's program opens, in order. Tracing (no expected list) it records the reveals that become
 * the job's {@link Facts}; enforcing, it refuses (before anything is sent) any reveal that differs from the
 * next declared one, and keeps what was actually opened for the audit record.
 */
public final class RevealLedger implements RevealListener {
    private final int parties;
    private long rowsBehind;
    private final List<Facts.Reveal> expected;
    private final List<Facts.Reveal> performed = new ArrayList<>();
    private Facts.Purpose purpose = Facts.Purpose.RESULT;
    private Runnable beforeFirstResult = () -> { };
    private boolean resultRevealed;
    private String label = "result";

    private RevealLedger(int parties, long rowsBehind, List<Facts.Reveal> expected) {
        this.parties = parties;
        this.rowsBehind = rowsBehind;
        this.expected = expected;
    }

    /** A ledger that records whatever is opened. */
    public static RevealLedger tracing(int parties, long rowsBehind) {
        return new RevealLedger(parties, rowsBehind, null);
    }

    /** A ledger that allows exactly the reveals of {@code facts}, in order. */
    public static RevealLedger enforcing(int parties, long rowsBehind, Facts facts) {
        return new RevealLedger(parties, rowsBehind, facts.reveals());
    }

    /**
     * Runs {@code hook} once, just before the first result is opened (after the reveal was checked against the facts,
     * before anything is sent): the privacy budget becomes spent there. A hook that throws stops the reveal.
     */
    public RevealLedger beforeFirstResult(Runnable hook) {
        this.beforeFirstResult = hook;
        return this;
    }

    /**
     * Runs {@code body}, whose opening is the one bit a secret linkage tells every member ({@link Facts#SECRET_LINKAGE}):
     * purpose LINKAGE, so that a member's policy rule {@code linkage} decides.
     */
    public <T> T secretLinkage(Callable<T> body) throws Exception {
        purpose = Facts.Purpose.LINKAGE;
        label = Facts.SECRET_LINKAGE;
        try {
            return body.call();
        } finally {
            purpose = Facts.Purpose.RESULT;
            label = "result";
        }
    }

    /** Runs {@code body}, whose openings are one-bit checks named {@code what} rather than results. */
    public <T> T check(String what, Callable<T> body) throws Exception {
        purpose = Facts.Purpose.CHECK;
        label = what;
        try {
            return body.call();
        } finally {
            purpose = Facts.Purpose.RESULT;
            label = "result";
        }
    }

    /**
     * Runs {@code body}, whose openings are the result {@code what} with {@code rows} rows of data behind each of its
     * values (a program's reveal: each knows its own, from the graph).
     */
    public <T> T result(String what, long rows, java.util.function.Supplier<T> body) {
        long before = rowsBehind;
        label = what;
        rowsBehind = rows;
        try {
            return body.get();
        } finally {
            label = "result";
            rowsBehind = before;
        }
    }

    /**
     * Runs a record linkage {@code body}, which tells member k which of its {@code membership[k]} rows are common (none
     * where it tells only the count) and every member the count: recorded (tracing) or checked (enforcing) as reveals of
     * purpose LINKAGE to each member and one result, before the linkage sends anything.
     */
    public <T> T linkage(int[] membership, java.util.function.Supplier<T> body) {
        Facts.Purpose before = purpose;
        try {
            for (int k = 0; k < membership.length; k++) {
                if (membership[k] > 0) {
                    purpose = Facts.Purpose.LINKAGE;
                    label = "linkage membership";
                    revealing(k, membership[k]);
                }
            }
            purpose = Facts.Purpose.RESULT;
            label = "linkage cardinality";
            revealing(ALL, 1);
        } finally {
            purpose = before;
            label = "result";
        }
        return body.get();
    }

    @Override
    public void revealing(int receiver, int elements) {
        List<Integer> to = receiver == ALL ? IntStream.range(0, parties).boxed().toList() : List.of(receiver);
        Facts.Reveal r = new Facts.Reveal(purpose, label, to, elements, rowsBehind);
        if (expected != null) {
            int i = performed.size();
            if (i >= expected.size() || !expected.get(i).equals(r)) {
                throw new JobError(ErrorCode.UNDECLARED_ACCESS, "reveal #" + (i + 1) + " (" + label + " to " + to + ", "
                        + elements + " values) is not among the job's declared reveals");
            }
        }
        if (purpose == Facts.Purpose.RESULT && !resultRevealed) {
            beforeFirstResult.run();
            resultRevealed = true;
        }
        performed.add(r);
    }

    /** What was opened so far. */
    public List<Facts.Reveal> performed() {
        return List.copyOf(performed);
    }
}
