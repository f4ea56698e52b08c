package org.consortia.mpc.config;

/**
 * Against which members a consortium's jobs are secure: {@code semi-honest} (the default: a member that follows the
 * protocol learns nothing beyond what a job reveals; a member that deviates could change a result undetected) or
 * {@code malicious} (with abort: a member that deviates in any way is caught by information-theoretic MACs, SPDZ2k over
 * Z_2^128, before any result is revealed, and the job aborts with CHECK_FAILED; it needs the honest dealer's
 * authenticated material, so not {@code offline: ot}). The resolved mode is written into every job's spec, so it is
 * hashed, voted on and audited with the job; a member's policy may require {@code malicious}.
 */
public enum SecurityMode implements Worded {
    SEMI_HONEST("semi-honest"),
    MALICIOUS("malicious");

    private final String word;

    SecurityMode(String word) {
        this.word = word;
    }

    /** The word in consortium files, policies and job specs. */
    @Override
    public String word() {
        return word;
    }

    /** The mode a word names, or {@code null}. */
    public static SecurityMode of(String word) {
        return Worded.byWord(values(), word);
    }

    @Override
    public String toString() {
        return word;
    }
}
