package org.consortia.mpc.node.analysis;

import org.consortia.mpc.runtime.JointProgram;

/**
 * A typed analysis, validated once from a job spec ({@link AnalysisParser}). Its program reads files only
 * through the {@link JobContext}, so tracing it yields the job's {@link Facts} and the same code enforces them.
 */
public sealed interface Analysis permits RegressionJob, InferenceJob, SecureSumJob, MatmulLoopJob, DpHistogramJob, DpSumJob, DpLinearRegressionJob,
        DpLogisticRegressionJob, DpSecureSumJob {
    /** The analysis name of the job spec. */
    String name();

    /** Rows of members' data behind each value the job reveals (for minRows). */
    long rowsBehind();

    /** The SPMD program every node runs. */
    JointProgram<double[]> program(JobContext ctx);

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
