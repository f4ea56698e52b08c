package org.consortia.mpc.node.analysis;

import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.sql.CompiledQuery;
import org.consortia.mpc.runtime.JointProgram;

/**
 * A typed analysis, validated once from a job spec ({@link AnalysisParser}, by its {@link JobType}). Its program reads files only
 * through the {@link JobContext}, so tracing it yields the job's {@link Facts} and the same code enforces them.
 */
public interface Analysis {
    /** The analysis name of the job spec. */
    String name();

    /** Rows of members' data behind each value the job reveals (for minRows). */
    long rowsBehind();

    /** The SPMD program every node runs. */
    JointProgram<double[]> program(JobContext ctx);

    /**
     * Whether the program runs in malicious mode (on authenticated shares: every kernel it calls written against
     * {@code Backend.ring()}); a malicious job of another kind is refused at submission and in the vote, naming the
     * {@code security} field, rather than run with less.
     */
    default boolean runsMalicious() {
        return false;
    }

    /**
     * What a node checks when it votes on the job, beyond the spec's limits, against the bytes it gives one job's
     * tensors ({@code jobMemory}, divided by the share width in malicious mode): an inference job needs its architecture
     * (the model owner adds it) and a sample and micro-batch that fit. A refusal is a {@link SpecException} naming the
     * field.
     */
    default void admitAtVote(long jobMemory) {
    }

    /** The job's privacy cost if it is differentially private; {@code null} when it is not. */
    default Privacy privacy() {
        return null;
    }

    /**
     * An upper bound, from the spec alone, on the bytes one node holds while it traces or runs the program, with the
     * parameter that drives it, at the job's fractional bits: checked against the node's {@code jobMemory} before the
     * trace, so that a job too large for a node is refused before it allocates. {@code null} where the parser's element limits bound the job already.
     */
    default Footprint footprint(int parties, int fracBits) {
        return null;
    }

    /**
     * A name for each value of the result, from the spec alone (never from a member's data: column names stay with
     * their members, so a feature known only by its position is named by it), e.g. {@code coefficient[x3]},
     * {@code intercept}, {@code r2}, {@code bin[20,40)}; {@code null} where the values have no names beyond their
     * positions.
     */
    default java.util.List<String> resultLabels() {
        return null;
    }

    /** The checked program of a researcher's program job (its per-reveal facts for the policy); {@code null} for others. */
    default CheckedProgram checked() {
        return null;
    }

    /** The compiled query of a joint query job (its columns' uses for the column rules); {@code null} for others. */
    default CompiledQuery query() {
        return null;
    }

    /** The names of the values of party {@code party}'s result (where recipients get different values, each its own). */
    default java.util.List<String> resultLabels(int party) {
        return resultLabels();
    }

    /** Labels {@code prefix[name]} for every name, then {@code last}. */
    static java.util.List<String> named(String prefix, String[] names, String last) {
        java.util.List<String> out = new java.util.ArrayList<>(names.length + 1);
        for (String n : names) {
            out.add(prefix + "[" + n + "]");
        }
        out.add(last);
        return out;
    }

    /** Labels {@code prefix[0]} .. {@code prefix[n - 1]}. */
    static java.util.List<String> indexed(String prefix, int n) {
        java.util.List<String> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "[" + i + "]");
        }
        return out;
    }

    /** A job's memory bound and the spec field a submitter would change to lower it. */
    record Footprint(long bytes, String field) {
    }

    /** The rows of all parties together (the public counts a spec declares). */
    static long total(int[] rows) {
        long n = 0;
        for (int r : rows) {
            n += r;
        }
        return n;
    }
}
